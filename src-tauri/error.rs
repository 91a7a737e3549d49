use ads_onboard_core::onboarding;
use serde::{ser::Serializer, Serialize};

/// Core's one error, serialised for the page as `{kind, message, fields}`; `fields` is
/// keyed like the form's inputs.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Core(#[from] onboarding::Error),
    /// What only the shell does: dialogs and the clipboard.
    #[error("{0}")]
    Shell(String),
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (kind, fields, plain, request_id) = match self {
            Error::Core(e) => (
                e.kind(),
                crate::views::ui_fields(&e.fields()),
                Some(e.plain()),
                e.request_id(),
            ),
            Error::Shell(_) => ("other", None, None, None),
        };
        let mut st = s.serialize_struct("Error", 6)?;
        st.serialize_field("kind", kind)?;
        st.serialize_field("message", &self.to_string())?;
        st.serialize_field("fields", &fields)?;
        // Plain words for the window; the message keeps the technical detail.
        st.serialize_field("title", &plain.map(|p| p.title))?;
        st.serialize_field("hint", &plain.map(|p| p.hint))?;
        st.serialize_field("requestId", &request_id)?;
        st.end()
    }
}

pub type Result<T> = std::result::Result<T, Error>;
