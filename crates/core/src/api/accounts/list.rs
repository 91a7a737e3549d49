//! `POST /adsAccounts/list` and its `nextToken` paginator.

use super::{null_as_default, AdsAccount, LIST_MEDIA_TYPE, MAX_PAGE};
use crate::api::{decode, encode, ApiClient, ApiError, Call, Retry};
use reqwest::Method;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct ListRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<&'a str>,
    max_results: u32,
}

/// One page of the account list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccountPage {
    pub accounts: Vec<AdsAccount>,
    pub next_token: Option<String>,
}

/// The spec's `{adsAccounts, nextToken}` and the guide's bare array of
/// `{adsAccount:{..}}` (or of accounts) are both accepted.
#[derive(Deserialize)]
#[serde(untagged)]
enum ListShape {
    Object {
        #[serde(rename = "adsAccounts", default, deserialize_with = "null_as_default")]
        ads_accounts: Vec<ListItem>,
        #[serde(rename = "nextToken", default)]
        next_token: Option<String>,
    },
    Array(Vec<ListItem>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ListItem {
    Wrapped {
        #[serde(rename = "adsAccount")]
        ads_account: AdsAccount,
    },
    Bare(AdsAccount),
}

impl ListItem {
    fn into_account(self) -> AdsAccount {
        match self {
            ListItem::Wrapped { ads_account } | ListItem::Bare(ads_account) => ads_account,
        }
    }
}

pub fn parse_account_page(body: &[u8]) -> Result<AccountPage, ApiError> {
    let shape: ListShape = decode("list ads accounts", body)?;
    Ok(match shape {
        ListShape::Object {
            ads_accounts,
            next_token,
        } => AccountPage {
            accounts: ads_accounts
                .into_iter()
                .map(ListItem::into_account)
                .collect(),
            next_token: next_token.filter(|t| !t.is_empty()),
        },
        ListShape::Array(items) => AccountPage {
            accounts: items.into_iter().map(ListItem::into_account).collect(),
            next_token: None,
        },
    })
}

impl ApiClient {
    /// `POST /adsAccounts/list`, one page.
    pub async fn list_ads_accounts_page(
        &self,
        next_token: Option<&str>,
        max_results: u32,
    ) -> Result<AccountPage, ApiError> {
        let body = ListRequest {
            next_token,
            max_results: max_results.clamp(1, MAX_PAGE),
        };
        let reply = self
            .execute(Call {
                operation: "list ads accounts",
                method: Method::POST,
                region: self.region(),
                path: "/adsAccounts/list".into(),
                query: vec![],
                content_type: Some(LIST_MEDIA_TYPE),
                accept: LIST_MEDIA_TYPE,
                body: Some(encode(&body)),
                retry: Retry::Read,
                extra_headers: vec![],
            })
            .await?;
        parse_account_page(&reply.body)
    }

    /// Pages through every account the user has.
    pub fn ads_account_pages(&self) -> AccountPages<'_> {
        AccountPages {
            client: self,
            next: None,
            done: false,
            page_size: MAX_PAGE,
            pages: 0,
        }
    }

    /// Every account, following `nextToken` to the end.
    pub async fn list_ads_accounts(&self) -> Result<Vec<AdsAccount>, ApiError> {
        let mut pages = self.ads_account_pages();
        let mut all = Vec::new();
        while let Some(page) = pages.next_page().await? {
            all.extend(page);
        }
        Ok(all)
    }
}

/// Paginator over `nextToken`. Stops if the server repeats a token or exceeds a sane
/// page count, so a misbehaving server cannot loop it forever.
pub struct AccountPages<'a> {
    client: &'a ApiClient,
    next: Option<String>,
    done: bool,
    page_size: u32,
    pages: u32,
}

impl AccountPages<'_> {
    pub fn page_size(mut self, n: u32) -> Self {
        self.page_size = n.clamp(1, MAX_PAGE);
        self
    }

    pub async fn next_page(&mut self) -> Result<Option<Vec<AdsAccount>>, ApiError> {
        if self.done {
            return Ok(None);
        }
        let page = self
            .client
            .list_ads_accounts_page(self.next.as_deref(), self.page_size)
            .await?;
        self.pages += 1;
        let repeated = page.next_token.is_some() && page.next_token == self.next;
        self.done = page.next_token.is_none() || repeated || self.pages >= 10_000;
        self.next = page.next_token;
        Ok(Some(page.accounts))
    }
}
