//! The plan's metadata as the notice prints it: title (`《…》` in the
//! notice's own title, or the plan's title line), 文号 (`唐政办字〔2024〕10号`,
//! but not one cited in brackets as the basis), issuer, date of issue, the
//! plan's deadlines (`10月底前基本完成，12月底前…完成`), the number of
//! projects it states and how it was adopted.

use std::sync::OnceLock;

use regex::Regex;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

/// Metadata found in the preamble (the text before the first project).
#[derive(Debug, Default, Clone)]
pub struct Meta {
    /// The title, and whether it is only a guess.
    pub title: Option<(String, bool)>,
    pub document_number: Option<String>,
    pub issuer: Option<String>,
    pub issued: Option<String>,
    pub deadlines: Option<(String, String)>,
    pub stated_count: Option<(u32, String)>,
    pub adoption: &'static str,
    /// The words the adoption was read from.
    pub adoption_quote: Option<String>,
    /// Document numbers cited as the basis (a higher-level plan).
    pub cited_numbers: Vec<String>,
}

pub fn read(preamble: &str, year: i32) -> Meta {
    let lines: Vec<&str> = preamble
        .lines()
        .map(|l| l.trim_matches(super::clauses::is_space))
        .collect();
    let (adoption, adoption_quote) = adoption(preamble);
    let (document_number, cited_numbers) = document_numbers(preamble);
    Meta {
        title: title(&lines),
        document_number,
        cited_numbers,
        issuer: issuer(&lines),
        issued: issued(&lines),
        deadlines: deadlines(preamble, year),
        stated_count: stated_count(preamble),
        adoption,
        adoption_quote,
    }
}

fn title(lines: &[&str]) -> Option<(String, bool)> {
    static BOOK: OnceLock<Regex> = OnceLock::new();
    static NOTICE: OnceLock<Regex> = OnceLock::new();
    let book = re(&BOOK, r"印发《([^》]{4,60}?(方案|计划|清单|项目|实事|工程))》");
    let notice = re(&NOTICE, r"关于印发(.{4,60}?(方案|计划|清单))的通知");
    let standalone = |l: &&str| {
        let n = l.chars().count();
        (6..=40).contains(&n)
            && !l.contains(['，', ',', '。', ':', '：'])
            && !l.starts_with("关于")
            && !l.contains("通知")
            && ["方案", "计划", "清单", "项目", "实事"].iter().any(|w| l.ends_with(w))
    };
    if let Some(c) = lines.iter().find_map(|l| book.captures(l)) {
        return Some((c[1].to_string(), false));
    }
    if let Some(l) = lines.iter().find(|l| standalone(l)) {
        return Some((l.to_string(), false));
    }
    if let Some(c) = lines.iter().find_map(|l| notice.captures(l)) {
        return Some((c[1].to_string(), false));
    }
    lines
        .iter()
        .find(|l| !l.is_empty())
        .map(|l| (l.chars().take(60).collect(), true))
}

/// The notice's own 文号, and those it cites in brackets (its basis).
fn document_numbers(text: &str) -> (Option<String>, Vec<String>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = re(&RE, r"[\p{Han}]{1,12}[〔\[【（(]\s*\d{4}\s*[〕\]】）)]\s*\d{1,4}\s*号");
    let mut own = None;
    let mut cited = Vec::new();
    for m in re.find_iter(text) {
        let before: String = text[..m.start()].chars().rev().take(3).collect();
        let in_brackets = before.starts_with(['（', '(']) || before.contains('》');
        if in_brackets {
            cited.push(m.as_str().to_string());
        } else if own.is_none() {
            own = Some(m.as_str().to_string());
        }
    }
    (own, cited)
}

fn issuer(lines: &[&str]) -> Option<String> {
    static OWN: OnceLock<Regex> = OnceLock::new();
    static LINE: OnceLock<Regex> = OnceLock::new();
    let own = re(
        &OWN,
        r"^(.{2,30}?(人民政府办公厅|人民政府办公室|人民政府|管理委员会|管委会|办公室))关于印发",
    );
    let line = re(
        &LINE,
        r"^.{2,30}(人民政府办公厅|人民政府办公室|人民政府|管理委员会|管委会|领导小组办公室|委员会)$",
    );
    lines
        .iter()
        .find_map(|l| own.captures(l).map(|c| c[1].to_string()))
        .or_else(|| lines.iter().find(|l| line.is_match(l)).map(|l| l.to_string()))
}

fn issued(lines: &[&str]) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = re(&RE, r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$");
    lines.iter().find_map(|l| {
        let c = re.captures(l)?;
        let (y, m, d): (u32, u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
    })
}

/// `力争10月底前基本完成，12月底前高标准、高质量完成` → (YYYY-10, YYYY-12).
fn deadlines(text: &str, year: i32) -> Option<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = re(
        &RE,
        r"(?:(\d{4})年)?(\d{1,2})月底前基本完成[，,、；;]\s*(?:(\d{4})年)?(\d{1,2})月底前[^。]{0,20}?完成",
    );
    let c = re.captures(text)?;
    let y = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i32>().ok()).unwrap_or(year);
    let m = |i: usize| c[i].parse::<u32>().ok().filter(|m| (1..=12).contains(m));
    Some((format!("{:04}-{:02}", y(1), m(2)?), format!("{:04}-{:02}", y(3), m(4)?)))
}

/// `共25项民生工程`, `确定实施10项民生实事`, `十大民生工程`.
fn stated_count(text: &str) -> Option<(u32, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = re(
        &RE,
        r"(共|实施|确定|计)\s*(\d{1,3}|[一二三四五六七八九十两]+)\s*(项|件|大)\s*(民生工程|民生实事|为民办实事|实事)|(\d{1,3}|[一二三四五六七八九十]+)大民生(工程|实事)",
    );
    let c = re.captures(text)?;
    let n = c.get(2).or(c.get(5))?.as_str();
    let v = n.parse().ok().or_else(|| super::numbers::cn_value(n))?;
    Some((v, c[0].to_string()))
}

fn adoption(text: &str) -> (&'static str, Option<String>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = re(&RE, r"[^。，,\n]*人民代表大会[^。\n]*?(票决|表决|审议)[^。，,\n]*");
    if let Some(m) = re.find(text) {
        return ("congress-vote", Some(m.as_str().trim().to_string()));
    }
    if text.contains("印发") || text.contains("通知") {
        return ("government-notice", None);
    }
    ("other", None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tangshan_preamble() {
        let t = "唐政办字〔2024〕10号\n各县(市、区)人民政府:\n《唐山市2024年民生工程实施方案》已经市政府同意,现印发给你们。\n唐山市人民政府办公室\n2024年2月2日\n唐山市2024年民生工程实施方案\n市委、市政府研究决定,2024年在全市实施“19+6”共25项民生工程。2024年任务目标力争10月底前基本完成,12月底前高标准、高质量完成。";
        let m = read(t, 2024);
        assert_eq!(m.title, Some(("唐山市2024年民生工程实施方案".to_string(), false)));
        assert_eq!(m.document_number.as_deref(), Some("唐政办字〔2024〕10号"));
        assert_eq!(m.issuer.as_deref(), Some("唐山市人民政府办公室"));
        assert_eq!(m.issued.as_deref(), Some("2024-02-02"));
        assert_eq!(m.deadlines, Some(("2024-10".into(), "2024-12".into())));
        assert_eq!(m.stated_count, Some((25, "共25项民生工程".into())));
        assert_eq!(m.adoption, "government-notice");
    }

    #[test]
    fn a_cited_number_is_not_the_notices_own() {
        let t = "按照《关于印发河北省2023年民生工程实施方案的通知》(冀政办字〔2023〕2号)要求";
        let (own, cited) = document_numbers(t);
        assert_eq!(own, None);
        assert_eq!(cited, ["冀政办字〔2023〕2号"]);
    }

    #[test]
    fn congress_vote() {
        let t = "经区第五届人民代表大会第四次会议审议,最终确定实施10项民生实事。";
        assert_eq!(adoption(t).0, "congress-vote");
        assert_eq!(stated_count(t).map(|c| c.0), Some(10));
    }
}
