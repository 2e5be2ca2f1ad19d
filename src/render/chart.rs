//! Static SVG charts, made at build time: a horizontal bar chart for each
//! comparison table and a small share bar for cascade rows. Each chart is an
//! `<svg role="img">` with a `<title>` and `<desc>` for screen readers; its
//! numbers are also in the table beside it.
//!
//! Bars are sorted, largest first. The chart has no `viewBox`: it is as
//! wide as its container and its bars are percentages of that width, while
//! its text keeps the stylesheet's size (`.chart text`, smaller than table
//! text), so a wide screen never blows the labels up. Each row is a label
//! line (name and value) above a bar drawn on a light track, so a value too
//! small to see as a bar still reads; such values are listed in
//! [`Chart::tiny`] for a note under the chart.

use std::fmt::Write as _;

use super::escape_xml;

/// One bar: its label, value (for length) and formatted value (for text).
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub value_label: String,
}

/// A drawn chart and the labels of bars too short to see.
pub struct Chart {
    pub svg: String,
    /// Labels of bars under [`TINY`] of the largest, in drawing order.
    pub tiny: Vec<String>,
}

/// Row height and bar height, in CSS pixels.
const ROW: f64 = 50.0;
const BAR: f64 = 14.0;
/// A bar shorter than this share of the longest is "too small to see".
pub const TINY: f64 = 0.01;

/// A horizontal bar chart of `bars`, largest first. `id` must be unique in
/// the page; `sep` goes between a bar's label and its value (`：`, `: `).
pub fn bar_chart(id: &str, title: &str, desc: &str, sep: &str, bars: &[Bar]) -> Chart {
    let mut order: Vec<&Bar> = bars.iter().collect();
    // Stable: equal values keep the table's (region-tree) order.
    order.sort_by(|a, b| b.value.partial_cmp(&a.value).unwrap_or(std::cmp::Ordering::Equal));
    let max = order.first().map(|b| b.value).unwrap_or(0.0);
    let height = 4.0 + ROW * order.len() as f64;
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" width=\"100%\" height=\"{height}\" aria-labelledby=\"{id}-t {id}-d\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape_xml(title),
        escape_xml(desc)
    );
    let mut tiny = Vec::new();
    for (i, b) in order.iter().enumerate() {
        let y = 2.0 + ROW * i as f64;
        let ratio = if max > 0.0 { b.value / max } else { 0.0 };
        if ratio < TINY {
            tiny.push(b.label.clone());
        }
        // Never less than a sliver, so a non-zero value is never blank.
        let pct = if b.value > 0.0 { (ratio * 100.0).max(0.4) } else { 0.0 };
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.0}\" class=\"chart-label\">{}{}<tspan class=\"chart-value\">{}</tspan></text>\
             <rect x=\"0\" y=\"{:.0}\" width=\"100%\" height=\"{BAR}\" class=\"chart-track\"/>\
             <rect x=\"0\" y=\"{:.0}\" width=\"{pct:.2}%\" height=\"{BAR}\" class=\"chart-bar\"/>",
            y + 19.0,
            escape_xml(&b.label),
            escape_xml(sep),
            escape_xml(&b.value_label),
            y + 28.0,
            y + 28.0,
        );
    }
    svg.push_str("</svg>");
    Chart { svg, tiny }
}

/// A small bar showing `ratio` (0–1, clipped) of a whole, labelled for
/// screen readers with `label`.
pub fn share_bar(ratio: f64, label: &str) -> String {
    let filled = (ratio.clamp(0.0, 1.0) * 100.0).max(1.0);
    format!(
        "<svg class=\"share-bar\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 100 10\" \
         xmlns=\"http://www.w3.org/2000/svg\"><rect x=\"0\" y=\"0\" width=\"100\" height=\"10\" class=\"share-bg\"/>\
         <rect x=\"0\" y=\"0\" width=\"{filled:.1}\" height=\"10\" class=\"share-fill\"/></svg>",
        escape_xml(label)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: f64) -> Bar {
        Bar {
            label: label.into(),
            value,
            value_label: format!("{value} km"),
        }
    }

    #[test]
    fn bars_are_sorted_scaled_and_escaped() {
        let c = bar_chart(
            "c1",
            "Rural <roads>",
            "desc",
            ": ",
            &[bar("C", 50.0), bar("A & B", 100.0)],
        );
        let svg = &c.svg;
        assert!(svg.contains("<title id=\"c1-t\">Rural &lt;roads&gt;</title>"));
        assert!(svg.contains("role=\"img\""));
        assert!(!svg.contains("viewBox"), "text must not scale with the drawing");
        let a = svg.find("A &amp; B").unwrap();
        let cpos = svg.find(">C: <").unwrap();
        assert!(a < cpos, "largest first: {svg}");
        assert!(svg.contains("width=\"100.00%\""), "{svg}");
        assert!(svg.contains("width=\"50.00%\""), "{svg}");
        assert!(c.tiny.is_empty());
    }

    #[test]
    fn tiny_values_stay_visible_and_are_named() {
        let c = bar_chart("c2", "t", "d", ": ", &[bar("Hebei", 7000.0), bar("Zengcheng", 7.6)]);
        assert_eq!(c.tiny, vec!["Zengcheng".to_string()]);
        assert!(c.svg.contains("width=\"0.40%\""), "{}", c.svg);
        assert!(c.svg.contains("7.6 km"));
    }

    #[test]
    fn share_bar_is_clipped() {
        assert!(share_bar(2.0, "200%").contains("width=\"100.0\" height=\"10\" class=\"share-fill\""));
        assert!(share_bar(0.016, "1.6%").contains("width=\"1.6\""));
    }
}
