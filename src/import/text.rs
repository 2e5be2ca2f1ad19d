//! Reading a document as published: UTF-8, or GB18030 (what Chinese
//! Windows and many government sites save), and Traditional characters
//! (reprints) converted to Simplified with OpenCC's `t2s` tables
//! (`ferrous-opencc`, Apache-2.0). Every conversion is recorded as a note
//! for the draft, so the editor knows the text is not byte-for-byte what
//! was found.

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;

/// The text ready to import, and what was done to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub notes: Vec<String>,
}

/// Decodes `bytes` and converts Traditional characters when the text is
/// written in them.
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut notes = Vec::new();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let (s, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            notes.push(if had_errors {
                "原文件不是 UTF-8，按 GB18030 解码，其中有无法解码的字节（已替换为 �），请核对。".to_string()
            } else {
                "原文件为 GB18030 编码，已转为 UTF-8。".to_string()
            });
            s.into_owned()
        }
    };
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let (text, changed) = to_simplified(&text);
    if let Some(n) = changed {
        notes.push(format!(
            "原文为繁体字，已用 OpenCC（t2s）转为简体（{n} 处字形改动），请逐句核对。"
        ));
    }
    Decoded { text, notes }
}

/// Converts to Simplified when the text is Traditional: more than a few
/// characters change and they are a noticeable share of the Han text (a
/// Simplified document may still hold a character OpenCC would change).
pub fn to_simplified(text: &str) -> (String, Option<usize>) {
    let Ok(cc) = OpenCC::from_config(BuiltinConfig::T2s) else {
        return (text.to_string(), None);
    };
    let converted = cc.convert(text);
    let changed = if converted.chars().count() == text.chars().count() {
        text.chars().zip(converted.chars()).filter(|(a, b)| a != b).count()
    } else {
        usize::MAX
    };
    let han = text
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count()
        .max(1);
    if changed >= 5 && (changed == usize::MAX || changed * 50 >= han) {
        let n = if changed == usize::MAX { 0 } else { changed };
        (converted, Some(n))
    } else {
        (text.to_string(), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_and_gb18030_is_decoded() {
        let s = "棚户区改造工程。开工12万套。";
        assert_eq!(decode(s.as_bytes()).text, s);
        assert!(decode(s.as_bytes()).notes.is_empty());
        let (gb, _, _) = encoding_rs::GB18030.encode(s);
        let d = decode(&gb);
        assert_eq!(d.text, s);
        assert_eq!(d.notes.len(), 1);
    }

    #[test]
    fn traditional_becomes_simplified() {
        let d = decode("棚戶區改造工程。新開工11萬套,基本建成13.2萬套,改善群眾居住條件。".as_bytes());
        assert_eq!(
            d.text,
            "棚户区改造工程。新开工11万套,基本建成13.2万套,改善群众居住条件。"
        );
        assert!(d.notes[0].contains("OpenCC"), "{:?}", d.notes);
    }

    #[test]
    fn simplified_text_is_left_alone() {
        let s = "认真落实省委部署，着力解决好群众急难愁盼问题。";
        assert_eq!(to_simplified(s), (s.to_string(), None));
    }
}
