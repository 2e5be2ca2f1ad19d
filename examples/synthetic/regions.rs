//! The region tree: provinces → cities → counties, generated a province at a
//! time in depth-first order, with bilingual names, levels and populations,
//! and the government bodies each region's plans name.

use crate::rng::Rng;
use crate::text::T;
use crate::vocab::vocab;

const REGION_STREAM: u64 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Province,
    AutonomousRegion,
    City,
    County,
    District,
    CountyCity,
}

impl Level {
    pub fn id(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::AutonomousRegion => "autonomous-region",
            Level::City => "prefecture-city",
            Level::County => "county",
            Level::District => "district",
            Level::CountyCity => "county-level-city",
        }
    }
    /// Suffix of the name: `省`, `Province`.
    pub fn suffix(self) -> (&'static str, &'static str) {
        match self {
            Level::Province => ("省", "Province"),
            Level::AutonomousRegion => ("自治区", "Autonomous Region"),
            Level::City => ("市", "City"),
            Level::County => ("县", "County"),
            Level::District => ("区", "District"),
            Level::CountyCity => ("市", "City"),
        }
    }
    pub fn is_top(self) -> bool {
        matches!(self, Level::Province | Level::AutonomousRegion)
    }
    /// How a plan of this level refers to its own bodies: `省`, `市`, `县`.
    pub fn prefix(self) -> &'static str {
        self.suffix().0
    }
    /// Typical size relative to a province's figures.
    pub fn scale(self) -> f64 {
        match self {
            Level::Province | Level::AutonomousRegion => 1.0,
            Level::City => 0.1,
            _ => 0.012,
        }
    }
}

pub struct Region {
    pub id: String,
    pub name: T,
    pub level: Level,
    pub parent: Option<usize>,
    pub population: u64,
    /// Years with a plan, filled while plans are generated.
    pub years: Vec<u16>,
    pub children: Vec<usize>,
}

/// Regions in depth-first order, generated a province at a time as needed.
pub struct Tree {
    pub regions: Vec<Region>,
    seed: u64,
    used_names: std::collections::HashSet<String>,
    used_ids: std::collections::HashMap<String, usize>,
    provinces: u64,
}

impl Tree {
    pub fn new(seed: u64) -> Self {
        Tree {
            regions: Vec::new(),
            seed,
            used_names: Default::default(),
            used_ids: Default::default(),
            provinces: 0,
        }
    }

    /// Appends the next province with its cities and counties (about 100
    /// regions: 6–14 cities of 5–13 counties), in depth-first order.
    pub fn grow(&mut self) {
        let mut rng = Rng::derive(self.seed, REGION_STREAM, self.provinces);
        self.provinces += 1;
        let level = if rng.chance(0.1) {
            Level::AutonomousRegion
        } else {
            Level::Province
        };
        let p = self.push(&mut rng, level, None);
        for _ in 0..rng.range(6, 14) {
            let c = self.push(&mut rng, Level::City, Some(p));
            for _ in 0..rng.range(5, 13) {
                let level = *rng.pick(&[Level::County, Level::County, Level::District, Level::CountyCity]);
                self.push(&mut rng, level, Some(c));
            }
        }
    }

    fn push(&mut self, rng: &mut Rng, level: Level, parent: Option<usize>) -> usize {
        let (zh, py) = loop {
            let a = rng.pick(&vocab().syllables);
            let b = rng.pick(&vocab().syllables);
            let zh = format!("{}{}", a.0, b.0);
            if a.0 != b.0 && (self.used_names.insert(zh.clone()) || self.used_names.len() > 3500) {
                break (zh, format!("{}{}", a.1, b.1));
            }
        };
        let n = self.used_ids.entry(py.clone()).or_insert(0);
        *n += 1;
        let id = if *n == 1 { py.clone() } else { format!("{py}-{n}") };
        let (sz, se) = level.suffix();
        let en = format!("{}{} {se}", py[..1].to_uppercase(), &py[1..]);
        let population = match level {
            Level::Province | Level::AutonomousRegion => rng.range(20_000, 100_000) * 1000,
            Level::City => rng.range(2_000, 10_000) * 1000,
            _ => rng.range(200, 1_200) * 1000,
        };
        let i = self.regions.len();
        self.regions.push(Region {
            id,
            name: T::new(format!("{zh}{sz}"), en),
            level,
            parent,
            population,
            years: Vec::new(),
            children: Vec::new(),
        });
        if let Some(p) = parent {
            self.regions[p].children.push(i);
        }
        i
    }
}

impl Level {
    /// Whether the glossary names this level's bodies once for all regions
    /// (`县交通运输局` → "County Transport Bureau") rather than per region.
    /// Counties and districts are most of a national tree: per-region
    /// entries for all of them would put about 50,000 entries in one
    /// agencies.yaml, beyond the loader's YAML budget of 250,000 nodes.
    pub fn generic_bodies(self) -> bool {
        matches!(self, Level::County | Level::District)
    }
}

/// The body in charge, named as the plan's region prints it and in English.
pub fn agency(tree: &Tree, region: usize, key: &str) -> T {
    let r = &tree.regions[region];
    let (_, pz, lz, pe, le) = vocab().agencies.iter().find(|a| a.0 == key).expect("known agency");
    if r.level.is_top() {
        T::new(format!("{}{pz}", r.level.prefix()), format!("{pe} of {}", r.name.en))
    } else if r.level.generic_bodies() {
        T::new(
            format!("{}{lz}", r.level.prefix()),
            format!("{} {le}", r.level.suffix().1),
        )
    } else {
        T::new(format!("{}{lz}", r.level.prefix()), format!("{} {le}", r.name.en))
    }
}
