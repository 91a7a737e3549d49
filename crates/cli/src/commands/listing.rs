//! `accounts` (every page) and `profiles`.

use ads_onboard_core::api::profiles::ProfileFilter;

use super::status::account_view;
use crate::cli::{FormatArgs, GlobalArgs, ProfilesArgs};
use crate::context::{Context, Overrides};
use crate::error::{CliResult, EXIT_OK};
use crate::output::print_list;

pub async fn accounts(global: &GlobalArgs, args: FormatArgs) -> CliResult<u8> {
    let ctx = Context::open(global, Overrides::default()).await?;
    let api = ctx.api(None)?;
    let accounts = api.list_ads_accounts().await?;
    let views: Vec<_> = accounts.iter().map(|a| account_view(a, None)).collect();
    print_list(
        args.format,
        &views,
        &[
            "adsAccountId",
            "accountName",
            "status",
            "countries",
            "profileIds",
        ],
        || {
            accounts
                .iter()
                .map(|a| {
                    let countries = a.countries();
                    let profiles: Vec<String> = countries
                        .iter()
                        .filter_map(|c| a.profile_id(c).map(|p| format!("{c}:{}", p.0)))
                        .collect();
                    vec![
                        a.ads_account_id.clone(),
                        a.account_name.clone().unwrap_or_default(),
                        a.status.as_ref().map(|s| s.to_string()).unwrap_or_default(),
                        countries.join(";"),
                        profiles.join(";"),
                    ]
                })
                .collect()
        },
    )?;
    Ok(EXIT_OK)
}

pub async fn profiles(global: &GlobalArgs, args: ProfilesArgs) -> CliResult<u8> {
    let ctx = Context::open(global, Overrides::default()).await?;
    // Default: the region the user signed in through, else the settings' region.
    let region = args
        .region
        .or_else(|| ctx.auth.active_user().map(|u| u.region))
        .unwrap_or(ctx.settings.region);
    let api = ctx.api(Some(region))?;
    let profiles = api.list_profiles(region, &ProfileFilter::default()).await?;
    print_list(
        args.format,
        &profiles,
        &[
            "profileId",
            "countryCode",
            "currencyCode",
            "timezone",
            "type",
            "accountName",
            "accountId",
        ],
        || {
            profiles
                .iter()
                .map(|p| {
                    let info = p.account_info.clone().unwrap_or_default();
                    vec![
                        p.profile_id.0.to_string(),
                        p.country_code.clone().unwrap_or_default(),
                        p.currency_code.clone().unwrap_or_default(),
                        p.timezone.clone().unwrap_or_default(),
                        info.account_type.map(|t| t.to_string()).unwrap_or_default(),
                        info.name.unwrap_or_default(),
                        info.id.unwrap_or_default(),
                    ]
                })
                .collect()
        },
    )?;
    Ok(EXIT_OK)
}
