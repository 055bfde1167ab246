//! What the pages say and how they link: Markdown (the pulldown-cmark owner), the link
//! graph and its references, the review state.

pub mod markdown;
pub mod resolve;
pub mod review;
