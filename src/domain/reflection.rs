//! Reflections: the log each person keeps for themselves, private by default.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::error::{limit_items, limit_text, limits, require_text};
use super::record::{Kind, Record, RecordMeta, Visibility};
use super::{Id, ValidationError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reflection {
    pub meta: RecordMeta,
    pub date: NaiveDate,
    /// The prompt the reflection answers, if one was used.
    pub prompt: Option<String>,
    pub text: String,
    /// Lowercase single words.
    pub tags: Vec<String>,
    pub goal: Option<Id>,
}

/// Normalises a tag as typed (`#Leadership` → `leadership`).
pub fn normalize_tag(tag: &str) -> Result<String, ValidationError> {
    let t = tag.trim().trim_start_matches('#').to_lowercase();
    if t.is_empty()
        || t.chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ',')
    {
        return Err(ValidationError::BadTag(tag.to_string()));
    }
    Ok(t)
}

impl Reflection {
    /// A new private reflection dated today.
    pub fn new(author: Id, text: &str, now: DateTime<FixedOffset>) -> Reflection {
        Reflection {
            meta: RecordMeta::new(author, now.to_utc(), Visibility::Private),
            date: now.date_naive(),
            prompt: None,
            text: text.to_string(),
            tags: Vec::new(),
            goal: None,
        }
    }

    /// Adds a tag once, normalised.
    pub fn add_tag(&mut self, tag: &str) -> Result<(), ValidationError> {
        let t = normalize_tag(tag)?;
        if !self.tags.contains(&t) {
            self.tags.push(t);
        }
        Ok(())
    }

    /// The tags as people write them: "#doubt #learning".
    pub fn hashtags(&self) -> String {
        self.tags
            .iter()
            .map(|t| format!("#{t}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn set_visibility(&mut self, visibility: Visibility, now: DateTime<FixedOffset>) {
        self.meta.visibility = visibility;
        self.meta.touch(now.to_utc());
    }
}

impl Record for Reflection {
    const KIND: Kind = Kind::Reflection;

    super::record::record_meta!();

    fn validate(&self) -> Result<(), ValidationError> {
        require_text("text", &self.text, limits::TEXT)?;
        super::error::date_in_range("date", self.date)?;
        if let Some(p) = &self.prompt {
            limit_text("prompt", p, limits::LINE)?;
        }
        limit_items("tags", self.tags.len(), limits::ITEMS)?;
        for t in &self.tags {
            if normalize_tag(t).as_deref() != Ok(t.as_str()) {
                return Err(ValidationError::BadTag(t.clone()));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        crate::domain::test_time(21, 0)
    }

    #[test]
    fn reflections_are_private_by_default() {
        let r = Reflection::new(
            Id::generate(now().to_utc()),
            "I avoid asking for help.",
            now(),
        );
        assert_eq!(r.meta.visibility, Visibility::Private);
        assert_eq!(r.date, now().date_naive());
        assert_eq!(r.validate(), Ok(()));
    }

    #[test]
    fn text_is_required() {
        let r = Reflection::new(Id::generate(now().to_utc()), "   ", now());
        assert_eq!(r.validate(), Err(ValidationError::Empty { field: "text" }));
    }

    #[test]
    fn tags_are_single_lowercase_words_without_duplicates() {
        let mut r = Reflection::new(Id::generate(now().to_utc()), "x", now());
        r.add_tag("#Leadership").unwrap();
        r.add_tag("leadership").unwrap();
        assert_eq!(r.tags, vec!["leadership"]);
        assert_eq!(
            r.add_tag("two words"),
            Err(ValidationError::BadTag("two words".into()))
        );
        assert!(r.add_tag("#").is_err());
        r.tags.push("Bad Tag".into());
        assert!(matches!(r.validate(), Err(ValidationError::BadTag(_))));
    }
}
