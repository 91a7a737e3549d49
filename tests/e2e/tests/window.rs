//! The window opens on the wizard's frame, and the settings entry opens settings.

use ads_onboard_e2e::{Harness, HarnessOptions, ONE_WINDOW_AT_A_TIME};

#[test]
fn window_shows_wizard_steps_and_settings_opens() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let harness = Harness::start(HarnessOptions::default()).expect("harness");
    harness.run("window_shows_wizard_steps_and_settings_opens", |s| {
        let title = s.execute("return document.title", vec![])?;
        if title != "Ads Onboard" {
            return Err(format!("window title is {title}"));
        }
        // On Linux the page uses fontconfig's generic families (no missing-font lookups).
        let font = s.execute(
            "return document.documentElement.dataset.platform + ' ' + getComputedStyle(document.body).fontFamily",
            vec![],
        )?;
        if font != "linux sans-serif" {
            return Err(format!("platform and font are {font:?}, want \"linux sans-serif\""));
        }
        let steps: Vec<String> = s
            .find_all("[data-step] .step-name")?
            .iter()
            .map(|e| e.text())
            .collect::<Result<_, _>>()?;
        let want = ["Sign in", "Agreement", "Details", "Registration", "Account"];
        if steps != want {
            return Err(format!("steps are {steps:?}, want {want:?}"));
        }
        let settings = s.find("#view-settings")?;
        if settings.displayed()? {
            return Err("settings visible before it was asked for".into());
        }
        s.find("#nav-settings")?.click()?;
        s.wait_for(
            "settings to open",
            "return !document.getElementById('view-settings').hidden",
            std::time::Duration::from_secs(5),
        )?;
        if !settings.displayed()? {
            return Err("settings view not displayed after clicking Settings".into());
        }
        Ok(())
    });
}
