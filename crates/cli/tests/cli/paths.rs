//! Files and folders named as people name them: spaces, accents, an upper-case extension,
//! relative paths, and on Windows the forms Windows users paste (`C:\...`, `C:/...` and the
//! verbatim `\\?\C:\...`), for the data folder, `register --from` and `export -o`.

use super::common::{err_json, json, Env, HAVEN_HOTEL};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Each way this platform's users may write `path`, the native form first.
fn forms(path: &Path) -> Vec<PathBuf> {
    let mut forms = vec![path.to_path_buf()];
    if cfg!(windows) {
        forms.push(PathBuf::from(path.display().to_string().replace('\\', "/")));
        let parent = std::fs::canonicalize(path.parent().unwrap()).unwrap();
        assert!(
            parent.display().to_string().starts_with(r"\\?\"),
            "{parent:?}"
        );
        forms.push(parent.join(path.file_name().unwrap()));
    }
    forms
}

#[test]
fn data_folder_details_and_exports_at_paths_as_people_name_them() {
    let env = Env::new("paths", |c| c.auto_accept_terms = Some(Duration::ZERO));
    let folder = env.dir.path().join("Clients – Café Ünïcode");
    std::fs::create_dir_all(&folder).unwrap();
    let data = folder.join("Données Ads Onboard");
    let cli = || {
        let mut c = env.cli();
        c.env("ADS_ONBOARD_DATA_DIR", &data);
        c
    };

    let out = cli()
        .args(["sign-in", "--timeout", "30"])
        .env("BROWSER", env.browser())
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        data.join("credentials.json").exists(),
        "the sign-in is kept there"
    );

    // JSON by its extension, whatever its case.
    let details = folder.join("Haven Hotel.JSON");
    std::fs::write(&details, HAVEN_HOTEL).unwrap();
    let out = cli()
        .args(["register", "--no-browser", "--from"])
        .arg(&details)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = json(&out.stdout)["adsAccountId"]
        .as_str()
        .unwrap()
        .to_string();
    let out = cli().args(["history"]).output().unwrap();
    assert_eq!(
        json(&out.stdout)[0]["adsAccountId"],
        id.as_str(),
        "the store is there too"
    );

    // Read from each form of the path, and relative to the working folder: the file is
    // found and parsed (its ZIP code is refused), and nothing reaches Amazon.
    let bad = folder.join("Bad zip.json");
    std::fs::write(&bad, HAVEN_HOTEL.replace("\"10001\"", "\"ABCDE\"")).unwrap();
    let relative = cli()
        .current_dir(&folder)
        .args([
            "--json",
            "register",
            "--no-browser",
            "--from",
            "Bad zip.json",
        ])
        .output()
        .unwrap();
    for (form, out) in forms(&bad)
        .into_iter()
        .map(|f| {
            let out = cli()
                .args(["--json", "register", "--no-browser", "--from"])
                .arg(&f)
                .output()
                .unwrap();
            (f.display().to_string(), out)
        })
        .chain([("relative".to_string(), relative)])
    {
        assert_eq!(out.status.code(), Some(2), "{form}");
        let err = err_json(&out.stderr);
        assert!(
            err["error"]["field"].as_str().unwrap().contains("zipCode"),
            "{form}: {err}"
        );
    }
    let missing = folder.join("Nowhere.json");
    let out = cli()
        .args(["--json", "register", "--from"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = err_json(&out.stderr);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&missing.display().to_string()),
        "the message names the file as given: {err}"
    );
    assert_eq!(env.audit().accounts.len(), 1);

    // Written to each form of the path.
    for (i, file) in forms(&folder.join("Export – 1.csv")).iter().enumerate() {
        let out = cli()
            .args(["export", &id, "--format", "csv", "-o"])
            .arg(file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains(&file.display().to_string()),
            "names where it wrote: {said}"
        );
        let csv = std::fs::read_to_string(folder.join("Export – 1.csv")).unwrap();
        assert!(
            csv.starts_with("accountId,") && csv.contains(&id),
            "form {i}: {csv}"
        );
        std::fs::remove_file(folder.join("Export – 1.csv")).unwrap();
    }
    let out = cli()
        .args(["--json", "export", &id, "--format", "csv", "-o"])
        .arg(folder.join("No such folder").join("x.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(err_json(&out.stderr)["error"]["field"], "--output");
}
