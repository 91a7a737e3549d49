// Every command the window may call is listed here, so none is allowed by default:
// a capability in src-tauri/capabilities/ must grant each one by name.
const COMMANDS: &[&str] = &[
    "app_info",
    "settings_get",
    "settings_check",
    "settings_save",
    "check_setup",
    "open_url",
    "copy_text",
    "ui_state_get",
    "ui_state_set",
    "users_list",
    "users_switch",
    "users_sign_out",
    "sign_in_start",
    "sign_in_cancel",
    "agreement_start",
    "agreement_resume",
    "agreement_check_now",
    "details_check",
    "registration_start",
    "registration_get",
    "registration_check_now",
    "registration_stop",
    "registration_resume",
    "profiles_list",
    "billing_status",
    "history_list",
    "history_accounts",
    "history_count",
    "export_save",
    "export_text",
    "details_saved",
    "details_import",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
