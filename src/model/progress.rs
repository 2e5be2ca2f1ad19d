//! Progress: what a government published after the plan about whether its
//! promises are kept. Each [`ProgressReport`] is one published document
//! (its own source, period and text); each [`Entry`] is what it says of one
//! project, every figure with its verbatim quote. Percentages are kept as
//! printed; anything the site computes is marked as computed where shown.

use super::{MetricRef, PartialDate, Quantity, Source, Text};

/// What kind of document a report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// Quarterly or other interim progress (一季度, 1–9月).
    Periodic,
    /// Year-end completion report (完成情况).
    Completion,
    /// A briefing (通报) with schedule ratings.
    Briefing,
    /// A people's-congress follow-up or satisfaction vote.
    CongressReview,
    /// Anything else: press reports quoting official figures.
    Other,
}

impl ReportKind {
    pub const ALL: [(&'static str, ReportKind); 5] = [
        ("periodic", ReportKind::Periodic),
        ("completion", ReportKind::Completion),
        ("briefing", ReportKind::Briefing),
        ("congress-review", ReportKind::CongressReview),
        ("other", ReportKind::Other),
    ];
    pub fn id(self) -> &'static str {
        id_of(&Self::ALL, self)
    }
}

/// The status vocabulary: what progress reports say of a project, each kept
/// beside the word the report printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    NotStarted,
    InProgress,
    Ahead,
    OnSchedule,
    Behind,
    SeriouslyBehind,
    BasicallyComplete,
    Complete,
    Suspended,
    Ongoing,
}

impl Status {
    pub const ALL: [(&'static str, Status); 10] = [
        ("not-started", Status::NotStarted),
        ("in-progress", Status::InProgress),
        ("ahead", Status::Ahead),
        ("on-schedule", Status::OnSchedule),
        ("behind", Status::Behind),
        ("seriously-behind", Status::SeriouslyBehind),
        ("basically-complete", Status::BasicallyComplete),
        ("complete", Status::Complete),
        ("suspended", Status::Suspended),
        ("ongoing", Status::Ongoing),
    ];
    pub fn id(self) -> &'static str {
        id_of(&Self::ALL, self)
    }
    /// The tone of its badge: `good`, `warn`, `bad` or `neutral`.
    pub fn tone(self) -> &'static str {
        match self {
            Status::Complete | Status::Ahead | Status::BasicallyComplete => "good",
            Status::OnSchedule | Status::InProgress | Status::Ongoing => "neutral",
            Status::Behind | Status::NotStarted => "warn",
            Status::SeriouslyBehind | Status::Suspended => "bad",
        }
    }
}

fn id_of<T: PartialEq + Copy>(all: &[(&'static str, T)], v: T) -> &'static str {
    all.iter().find(|(_, x)| *x == v).map(|(s, _)| *s).unwrap_or("")
}

#[derive(Debug, Clone)]
pub struct ProgressReport {
    /// File stem under `progress/`, unique in the plan: `2023-12-31`.
    pub id: String,
    pub title: Text,
    pub issuer: Text,
    pub kind: ReportKind,
    pub published: Option<PartialDate>,
    pub as_of: PartialDate,
    pub period: Text,
    /// `file` is relative to the `progress/` folder.
    pub source: Source,
    pub notes: Vec<Text>,
    /// Plan-level totals as printed (已完成26件, 完成率40%).
    pub totals: Vec<Reported>,
    pub summary: Option<Text>,
    /// In the order the report gives them.
    pub entries: Vec<Entry>,
}

impl ProgressReport {
    /// Every piece of human text, for translation coverage.
    pub fn texts(&self) -> Vec<&Text> {
        let mut out = vec![&self.title, &self.issuer, &self.period, &self.source.name];
        out.extend(self.notes.iter());
        out.extend(self.source.reprints.iter().map(|r| &r.name));
        out.extend(self.summary.iter());
        out.extend(self.totals.iter().filter_map(|t| t.text.as_ref()));
        for e in &self.entries {
            out.extend(e.update.iter());
            out.extend(e.next_steps.iter());
            out.extend(e.forecast.iter().map(|f| &f.text));
            out.extend(e.actuals.iter().filter_map(|a| a.text.as_ref()));
        }
        out
    }
}

/// A figure a report gives, with the quote it was taken from.
#[derive(Debug, Clone)]
pub struct Reported {
    pub quantity: Quantity,
    /// The plan target it is measured against (index into `targets`).
    pub target: Option<usize>,
    pub metric: Option<MetricRef>,
    /// The percentage of target the report printed.
    pub percent: Option<f64>,
    pub text: Option<Text>,
    pub quote: String,
}

/// A percentage printed without a count (正在施工中(93%)).
#[derive(Debug, Clone)]
pub struct Printed {
    pub value: f64,
    pub quote: String,
}

/// Money in yuan, each where the report gives it.
#[derive(Debug, Clone, Default)]
pub struct Investment {
    pub total: Option<Reported>,
    pub planned: Option<Reported>,
    pub spent: Option<Reported>,
}

impl Investment {
    pub fn is_empty(&self) -> bool {
        self.total.is_none() && self.planned.is_none() && self.spent.is_none()
    }
}

#[derive(Debug, Clone)]
pub struct Forecast {
    pub due: Option<PartialDate>,
    pub text: Text,
    pub quote: String,
}

/// What one report says of one project.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index into the plan's `projects`.
    pub project: usize,
    /// The status with the word the report printed.
    pub status: Option<(Status, String)>,
    pub quote: Option<String>,
    pub actuals: Vec<Reported>,
    pub works_percent: Option<Printed>,
    /// A revised target the report cites; the plan's figure is kept.
    pub revised_target: Option<Reported>,
    pub investment: Investment,
    pub forecast: Option<Forecast>,
    pub update: Option<Text>,
    pub next_steps: Option<Text>,
}
