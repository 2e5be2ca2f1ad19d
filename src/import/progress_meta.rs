//! A report's own facts: the status words it prints (mapped to the status
//! vocabulary), the date its figures refer to and the period as printed,
//! when it was published, and what kind of report it is.

use std::sync::OnceLock;

use regex::Regex;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

/// Status words and the status they mean, most specific first.
const STATUS: &[(&str, &str)] = &[
    (r"严重滞后", "seriously-behind"),
    (r"进度滞后|滞后|进度较慢|进展缓慢", "behind"),
    (r"超序时", "ahead"),
    (r"按序时|按计划[^。，,]{0,8}推进|有序推进", "on-schedule"),
    (r"基本完成|基本完工|基本建成", "basically-complete"),
    (r"(提前|超额|全部|全面|已)完成(年度)?(目标)?(任务)?", "complete"),
    (r"正在施工|施工中|正在实施|推进中|正在推进", "in-progress"),
    (r"未开工|尚未启动|未启动", "not-started"),
    (r"常态化", "ongoing"),
    (r"暂停|停工", "suspended"),
];

/// The first status word of a passage (`完成年度任务的52%` is no status).
pub fn status(passage: &str) -> Option<(&'static str, String)> {
    static RES: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    let res = RES.get_or_init(|| {
        STATUS
            .iter()
            .map(|(p, s)| (Regex::new(p).expect("status pattern"), *s))
            .collect()
    });
    res.iter().find_map(|(re, st)| {
        re.find_iter(passage)
            .find(|m| {
                let next = passage[m.end()..].chars().next().unwrap_or(' ');
                let before: String = passage[..m.start()].chars().rev().take(6).collect();
                // `已完成1个` reports a figure; `预计…全部完成` a forecast.
                let figure = next.is_ascii_digit() || "一二两三四五六七八九十".contains(next);
                let forecast = ["计预", "争力", "保确", "将"].iter().any(|w| before.contains(w));
                !matches!(next, '的' | '率') && !figure && !forecast
            })
            .map(|m| (*st, m.as_str().to_string()))
    })
}

/// `截至6月29日`, `上半年`, `1—9月`, `9月份`: the date the figures refer to
/// (YYYY-MM-DD) and the period as printed.
pub fn as_of(text: &str, year: i32) -> Option<(String, String)> {
    static DAY: OnceLock<Regex> = OnceLock::new();
    static SPAN: OnceLock<Regex> = OnceLock::new();
    let day = re(&DAY, r"截至(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日");
    let span = re(
        &SPAN,
        r"(截至(?:(\d{4})年)?(\d{1,2})月(?:底|末))|((\d{1,2})月份)|(上半年)|(一季度|第一季度)|(前三季度|1[—–-]9月)|(全年)",
    );
    if let Some(c) = day.captures(text) {
        let y = c.get(1).and_then(|m| m.as_str().parse().ok()).unwrap_or(year);
        let (m, d): (u32, u32) = (c[2].parse().ok()?, c[3].parse().ok()?);
        return Some((format!("{y:04}-{m:02}-{d:02}"), c[0].to_string()));
    }
    let c = span.captures(text)?;
    let end = |m: u32| -> String {
        let d = match m {
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        format!("{year:04}-{m:02}-{d:02}")
    };
    let month = |i: usize| {
        c.get(i)
            .and_then(|m| m.as_str().parse::<u32>().ok())
            .filter(|m| (1..=12).contains(m))
    };
    let date = if c.get(1).is_some() {
        end(month(3)?)
    } else if c.get(4).is_some() {
        end(month(5)?)
    } else if c.get(6).is_some() {
        end(6)
    } else if c.get(7).is_some() {
        end(3)
    } else if c.get(8).is_some() {
        end(9)
    } else {
        end(12)
    };
    Some((date, c[0].to_string()))
}

/// A publication date printed in the page: `2025-10-09 14:34`, `2021年11月19日18:09`.
pub fn published(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = re(&RE, r"(\d{4})[-年](\d{1,2})[-月](\d{1,2})日?\s*\d{1,2}:\d{2}");
    let c = re.captures(text)?;
    let (y, m, d): (u32, u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The report's kind from its wording.
pub fn kind(text: &str) -> &'static str {
    if text.contains("通报") {
        "briefing"
    } else if text.contains("人大常委会") || text.contains("人大代表") {
        "congress-review"
    } else if text.contains("完成情况") || text.contains("全部完成") {
        "completion"
    } else if text.contains("进展情况") || text.contains("季度") || text.contains("月份") {
        "periodic"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_dates() {
        assert_eq!(
            status("上半年,各项工程均按计划有力有序推进").map(|s| s.0),
            Some("on-schedule")
        );
        assert_eq!(status("完成年度任务的52%"), None);
        assert_eq!(
            status("已全部完成年度任务").map(|s| s.1),
            Some("全部完成年度任务".to_string())
        );
        assert_eq!(
            as_of("截至6月29日,其余27项", 2025).map(|a| a.0),
            Some("2025-06-29".to_string())
        );
        assert_eq!(
            as_of("其余27项中,截至9月底已完成19项", 2025).map(|a| a.0),
            Some("2025-09-30".to_string())
        );
        assert_eq!(
            published("发表时间:2025-10-09 14:34 信息来源").as_deref(),
            Some("2025-10-09")
        );
    }
}
