//! One integration binary: each module tells a user's story, or what one output holds, on
//! small fixture sites. `README.md` beside this file says which module tests what.

mod authoring;
mod browser;
mod book;
mod build;
mod contract;
mod epub;
mod guide;
mod hostile;
mod imports;
mod links;
mod load;
mod messages;
mod offline;
mod packs;
mod pages;
mod pdf;
mod phone;
mod preview;
mod print;
mod rebuild;
mod search;
mod serve;
mod sheets;
mod support;
mod theme;
mod trust;
