//! Static SVG charts, made at build time: a horizontal bar chart for each
//! comparison table and a small share bar for cascade rows. Each chart is an
//! `<svg role="img">` with a `<title>` and `<desc>` for screen readers; its
//! numbers are also in the table beside it. Labels sit above their bars so a
//! chart stays legible at phone width; the drawing scales with its container.

use std::fmt::Write as _;

use super::escape_xml;

/// One bar: its label, value (for length) and formatted value (for text).
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub value_label: String,
}

const WIDTH: f64 = 360.0;
const ROW: f64 = 44.0;
const BAR: f64 = 14.0;

/// A horizontal bar chart. `id` must be unique in the page.
pub fn bar_chart(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let height = 8.0 + ROW * bars.len() as f64;
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {WIDTH} {height}\" aria-labelledby=\"{id}-t {id}-d\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape_xml(title),
        escape_xml(desc)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let len = if max > 0.0 {
            (b.value / max * (WIDTH - 90.0)).max(1.0)
        } else {
            1.0
        };
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.1}\" class=\"chart-label\">{}</text>\
             <rect x=\"0\" y=\"{:.1}\" width=\"{len:.1}\" height=\"{BAR}\" class=\"chart-bar\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"chart-value\">{}</text>",
            y + 14.0,
            escape_xml(&b.label),
            y + 20.0,
            len + 6.0,
            y + 32.0,
            escape_xml(&b.value_label)
        );
    }
    svg.push_str("</svg>");
    svg
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

    #[test]
    fn bars_scale_to_the_largest_and_escape_text() {
        let svg = bar_chart(
            "c1",
            "Rural <roads>",
            "desc",
            &[
                Bar {
                    label: "A & B".into(),
                    value: 100.0,
                    value_label: "100 km".into(),
                },
                Bar {
                    label: "C".into(),
                    value: 50.0,
                    value_label: "50 km".into(),
                },
            ],
        );
        assert!(svg.contains("<title id=\"c1-t\">Rural &lt;roads&gt;</title>"));
        assert!(svg.contains("A &amp; B"));
        assert!(svg.contains("width=\"270.0\""), "{svg}");
        assert!(svg.contains("width=\"135.0\""), "{svg}");
        assert!(svg.contains("role=\"img\""));
    }

    #[test]
    fn share_bar_is_clipped() {
        assert!(share_bar(2.0, "200%").contains("width=\"100.0\" height=\"10\" class=\"share-fill\""));
        assert!(share_bar(0.016, "1.6%").contains("width=\"1.6\""));
    }
}
