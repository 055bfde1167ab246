//! Reading the guide: praxis.yaml, the pages of `content/` and their front matter (the
//! serde_yaml owner), dates, the bibliography, the history of each page.

pub mod config;
pub mod content;
pub mod yaml;
pub mod dates;
pub mod cite;
pub mod history;
