//! Repairs that let a file with shape mistakes still be checked for meaning
//! in the same run. Only two kinds are repaired, both on the file's text,
//! line by line, so every other position stays where it was: an unknown key
//! is commented out with everything indented below it, and a scalar of the
//! wrong type is replaced by a placeholder of the right one (`0`, `"?"`).
//! Anything else (a missing key, a list for a mapping, a mistake inside a
//! `{…}` or `[…]` on one line) is not guessed at: the file is then only
//! reported, not checked further.

use super::shape::{ShapeError, ShapeKind};

/// The repaired text and the 1-based lines changed, or `None` when a
/// mistake cannot be repaired safely.
pub fn repair(text: &str, errors: &[ShapeError]) -> Option<(String, Vec<u64>)> {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut changed = Vec::new();
    for e in errors {
        let (line, col) = (e.pos.line as usize, e.pos.column as usize);
        if line == 0 || line > lines.len() || col == 0 {
            return None;
        }
        let l = &lines[line - 1];
        let start = l.char_indices().nth(col - 1).map(|(i, _)| i)?;
        if l[..start].contains(['{', '[']) {
            return None;
        }
        match e.kind {
            ShapeKind::UnknownKey => {
                let indent = col - 1;
                lines[line - 1] = format!("{}#{}", &l[..start], &l[start..]);
                changed.push(line as u64);
                // The key's block value: following lines indented deeper.
                for (i, next) in lines.iter_mut().enumerate().skip(line) {
                    let depth = next.chars().take_while(|c| *c == ' ').count();
                    if next.trim().is_empty() || depth <= indent {
                        break;
                    }
                    next.insert(depth, '#');
                    changed.push(i as u64 + 1);
                }
            }
            ShapeKind::WrongScalar { number } => {
                let placeholder = if number { "0" } else { "\"?\"" };
                lines[line - 1] = format!("{}{placeholder}", &l[..start]);
                changed.push(line as u64);
            }
            ShapeKind::MissingKey | ShapeKind::Other => return None,
        }
    }
    Some((lines.join("\n") + "\n", changed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Pos;

    fn err(kind: ShapeKind, line: u64, column: u64) -> ShapeError {
        ShapeError {
            kind,
            pos: Pos::new(line, column),
            key: String::new(),
            message: String::new(),
            hint: String::new(),
        }
    }

    #[test]
    fn unknown_keys_and_wrong_scalars_are_neutralised_in_place() {
        let text = "a:\n  nmae:\n    - x\n  value: 7千\nb: 1\n";
        let (fixed, lines) = repair(
            text,
            &[
                err(ShapeKind::UnknownKey, 2, 3),
                err(ShapeKind::WrongScalar { number: true }, 4, 10),
            ],
        )
        .unwrap();
        assert_eq!(fixed, "a:\n  #nmae:\n    #- x\n  value: 0\nb: 1\n");
        assert_eq!(lines, vec![2, 3, 4]);
        assert!(repair("a: {x: 1, nmae: 2}\n", &[err(ShapeKind::UnknownKey, 1, 11)]).is_none());
        assert!(repair(text, &[err(ShapeKind::MissingKey, 1, 1)]).is_none());
    }
}
