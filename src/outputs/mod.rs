//! One file per output made from the rendered guide: role sheets, meeting packs, the
//! whole guide to print, the EPUB, the offline copy, the web app, the search index.

pub mod sheets;
pub mod packs;
pub mod book;
pub mod epub;
pub mod offline;
pub mod webapp;
pub mod search;
