//! `gongkai import progress` (in progress).
use std::path::Path;

use crate::error::{Error, Result};

pub fn import(_root: &Path, _text: &Path, _plan: &str, _out: Option<&Path>) -> Result<String> {
    Err(Error::Usage("not yet".into()))
}
