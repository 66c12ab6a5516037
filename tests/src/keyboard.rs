//! The keyboard as an officer uses it without a pointer: keys sent to whatever has the
//! focus ([`App::press`]), and where the focus is ([`App::focus`]): never the page body,
//! and always drawn (an outline or a ring the eye can see).

use anyhow::{Result, bail, ensure};
use serde_json::Value;

use crate::App;

/// The focused element, as a person would find it on screen.
#[derive(Debug, Clone)]
pub struct Focus {
    /// `tag#id.testid`, for messages.
    pub describe: String,
    pub testid: Option<String>,
    /// Its accessible text (label, aria-label or text), trimmed.
    pub text: String,
    /// An outline of at least 1px or a box shadow is drawn around it.
    pub visible: bool,
}

impl App {
    /// Sends `keys` to the focused element (the page body if nothing has the focus).
    pub async fn press(&self, keys: &str) -> Result<()> {
        self.client.active_element().await?.send_keys(keys).await?;
        Ok(())
    }

    /// Where the focus is now; an error if it is lost to the page body.
    pub async fn focus(&self) -> Result<Focus> {
        let v = self
            .client
            .execute(
                "const el = document.activeElement;
                 if (!el || el === document.body || el === document.documentElement) return null;
                 const cs = getComputedStyle(el);
                 const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1;
                 const shadow = cs.boxShadow && cs.boxShadow !== 'none';
                 const label = el.getAttribute('aria-label')
                   || (el.labels && el.labels[0] && el.labels[0].textContent)
                   || el.textContent || el.value || '';
                 return {
                   describe: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                     + (el.dataset.testid ? '[' + el.dataset.testid + ']' : ''),
                   testid: el.dataset.testid || null,
                   text: label.trim().replace(/\\s+/g, ' ').slice(0, 120),
                   visible: outline || shadow,
                 };",
                vec![],
            )
            .await?;
        if v.is_null() {
            bail!("{}: the focus is lost to the page body", self.scenario);
        }
        Ok(Focus {
            describe: v["describe"].as_str().unwrap_or_default().to_owned(),
            testid: v["testid"].as_str().map(str::to_owned),
            text: v["text"].as_str().unwrap_or_default().to_owned(),
            visible: v["visible"] == Value::Bool(true),
        })
    }

    /// The focus, which must be drawn where the eye can see it.
    pub async fn visible_focus(&self) -> Result<Focus> {
        let f = self.focus().await?;
        ensure!(
            f.visible,
            "{}: the focus on {} is not drawn",
            self.scenario,
            f.describe
        );
        Ok(f)
    }

    /// Presses Tab until the focus is on an element whose test id is `testid` (at most
    /// `max` times), checking at every step that the focus is drawn and never lost.
    pub async fn tab_to(&self, testid: &str, max: usize) -> Result<Focus> {
        for _ in 0..max {
            self.press(&fantoccini::key::Key::Tab.to_string()).await?;
            let f = self.visible_focus().await?;
            if f.testid.as_deref() == Some(testid) {
                return Ok(f);
            }
        }
        bail!(
            "{}: Tab never reached [data-testid={testid}] in {max} presses",
            self.scenario
        )
    }
}
