//! `datapackage.json`: the Frictionless Data Package descriptor of a data
//! folder. Each resource gives its path (relative to the descriptor, as the
//! specification requires), format, media type, encoding, size and SHA-256;
//! each CSV its Table Schema (fields with types and descriptions, primary
//! and foreign keys); `plans.json` names its JSON Schema. Descriptions are
//! the English UI strings, with the Chinese beside them (`description_zh`).

use serde_json::{json, Map, Value};

use super::{column_description, Content};
use crate::derive::SiteMap;
use crate::model::*;
use crate::render::strings::Strings;

/// What the descriptor says of one file of the folder: its content, size
/// in bytes and SHA-256 (hex).
pub type FileFacts = (Content, usize, String);

/// The descriptor of the folder of `plan` (or of the site) holding `files`.
pub fn datapackage(
    model: &Model,
    map: &SiteMap,
    strings: &Strings,
    plan: Option<PlanIdx>,
    files: &[FileFacts],
) -> Vec<u8> {
    let site = &model.site;
    let (name, title_zh, title_en) = match plan {
        Some(p) => {
            let pl = &model.plans[p];
            (
                model.plan_key(pl).replace('/', "-"),
                pl.title.zh.clone(),
                pl.title.en.clone().unwrap_or_else(|| pl.title.zh.clone()),
            )
        }
        None => (
            "livelihood-plans".to_string(),
            site.title.zh.clone(),
            site.title.en.clone().unwrap_or_else(|| site.title.zh.clone()),
        ),
    };
    let mut d = Map::new();
    d.insert("profile".into(), json!("data-package"));
    d.insert("name".into(), json!(name));
    d.insert("title".into(), json!(title_en));
    d.insert("title_zh".into(), json!(title_zh));
    d.insert("description".into(), json!(strings.get(Lang::En, "data.package")));
    d.insert("description_zh".into(), json!(strings.get(Lang::Zh, "data.package")));
    d.insert("homepage".into(), json!(map.absolute(Lang::En, "data/")));
    if let Some(l) = &site.data_licence {
        let mut lic = Map::new();
        if let Some(url) = &l.url {
            lic.insert("path".into(), json!(url));
        }
        lic.insert(
            "title".into(),
            json!(l.name.en.clone().unwrap_or_else(|| l.name.zh.clone())),
        );
        lic.insert("title_zh".into(), json!(l.name.zh));
        d.insert("licenses".into(), Value::Array(vec![Value::Object(lic)]));
    }
    d.insert(
        "resources".into(),
        Value::Array(
            files
                .iter()
                .map(|(c, len, hash)| resource(strings, *c, *len, hash))
                .collect(),
        ),
    );
    let mut out = serde_json::to_vec_pretty(&Value::Object(d)).unwrap_or_default();
    out.push(b'\n');
    out
}

fn resource(strings: &Strings, c: Content, len: usize, hash: &str) -> Value {
    let key = format!("data.file.{}", c.key());
    let mut r = Map::new();
    r.insert("name".into(), json!(c.key()));
    r.insert("path".into(), json!(c.file()));
    r.insert(
        "profile".into(),
        json!(if c.is_csv() {
            "tabular-data-resource"
        } else {
            "data-resource"
        }),
    );
    r.insert("description".into(), json!(strings.get(Lang::En, &key)));
    r.insert("description_zh".into(), json!(strings.get(Lang::Zh, &key)));
    if c.is_csv() {
        r.insert("format".into(), json!("csv"));
        r.insert("mediatype".into(), json!("text/csv"));
        // UTF-8 with a byte-order mark, which spreadsheet programs need.
        r.insert("encoding".into(), json!("utf-8"));
        r.insert("schema".into(), table_schema(strings, c));
    } else {
        r.insert("format".into(), json!("json"));
        r.insert(
            "mediatype".into(),
            json!(if c == Content::Schema {
                "application/schema+json"
            } else {
                "application/json"
            }),
        );
        r.insert("encoding".into(), json!("utf-8"));
        if c == Content::Plans {
            r.insert("jsonSchema".into(), json!(Content::Schema.file()));
        }
    }
    r.insert("bytes".into(), json!(len));
    r.insert("hash".into(), json!(format!("sha256:{hash}")));
    Value::Object(r)
}

fn table_schema(strings: &Strings, c: Content) -> Value {
    let fields: Vec<Value> = c
        .columns()
        .iter()
        .map(|col| {
            json!({
                "name": col.name,
                "type": col.kind,
                "description": column_description(strings, Lang::En, col.name),
                "description_zh": column_description(strings, Lang::Zh, col.name),
            })
        })
        .collect();
    let mut s = Map::new();
    s.insert("fields".into(), Value::Array(fields));
    s.insert("missingValues".into(), json!([""]));
    let project_key = json!({
        "fields": ["plan_id", "project_id"],
        "reference": {"resource": "projects", "fields": ["plan_id", "project_id"]}
    });
    match c {
        Content::Projects => {
            s.insert("primaryKey".into(), json!(["plan_id", "project_id"]));
        }
        Content::Targets => {
            s.insert("primaryKey".into(), json!(["plan_id", "project_id", "target_no"]));
            s.insert("foreignKeys".into(), json!([project_key]));
        }
        // Progress rows of plan-level totals name no project: no foreign key.
        _ => {}
    }
    Value::Object(s)
}
