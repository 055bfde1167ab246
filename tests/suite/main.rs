//! One integration binary: each module tells a user's story on small fixture sites.

mod build;
mod links;
mod support;
