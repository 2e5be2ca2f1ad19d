//! Shape checking: every mistake of a file's *shape* at once. A file is
//! first read into a generic tree with positions ([`Node`]), then walked
//! against the JSON Schema of its content type (the same schema editors
//! use, generated from the raw types by schemars), collecting every unknown
//! key (with "did you mean"), missing key and wrong type, each with its
//! line, column and key path (`projects[3].targets[0].unit`). Only a file
//! without shape errors goes on to typed parsing.
//!
//! The checker understands the subset of JSON Schema that schemars emits for
//! our types (`$ref`, `type`, `properties`, `required`,
//! `additionalProperties`, `items`, `anyOf`/`oneOf`, `enum`); it is no
//! stricter than the typed parser, which still runs afterwards.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::raw::S;
use crate::error::Pos;

/// A YAML value with the positions of everything inside it.
#[derive(Debug, Clone)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<S<Node>>),
    Map(Vec<(S<Key>, S<Node>)>),
}

/// A mapping key: any scalar, as text.
#[derive(Debug, Clone)]
pub struct Key(pub String);

impl Node {
    fn kind(&self) -> &'static str {
        match self {
            Node::Null => "nothing",
            Node::Bool(_) => "true/false",
            Node::Int(_) | Node::Float(_) => "a number",
            Node::Str(_) => "text",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping (key: value)",
        }
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(i64::try_from(v).map(Node::Int).unwrap_or(Node::Float(v as f64)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element::<S<Node>>()? {
            out.push(v);
        }
        Ok(Node::Seq(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<S<Key>>()? {
            let v = map.next_value::<S<Node>>()?;
            out.push((k, v));
        }
        Ok(Node::Map(out))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        match Node::deserialize(d)? {
            Node::Str(s) => Ok(Key(s)),
            Node::Int(i) => Ok(Key(i.to_string())),
            Node::Float(f) => Ok(Key(f.to_string())),
            Node::Bool(b) => Ok(Key(b.to_string())),
            Node::Null => Ok(Key("null".into())),
            _ => Err(de::Error::custom("a key must be a plain word")),
        }
    }
}

/// What kind of shape mistake, for repairs (see [`super::file`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeKind {
    UnknownKey,
    MissingKey,
    /// A scalar where a number (`true`) or text (`false`) was expected.
    WrongScalar {
        number: bool,
    },
    /// Anything else (a list where a mapping belongs…): not repairable.
    Other,
}

/// One shape mistake.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeError {
    pub kind: ShapeKind,
    pub pos: Pos,
    pub key: String,
    pub message: String,
    pub hint: String,
}

fn pos_of<T>(s: &S<T>) -> Pos {
    Pos::new(s.referenced.line(), s.referenced.column())
}

/// Checks `node` against `schema` (a root schema with `$defs`).
pub fn check(node: &S<Node>, schema: &Value) -> Vec<ShapeError> {
    let mut out = Vec::new();
    Checker { root: schema }.walk(node, schema, "", &mut out);
    out
}

struct Checker<'a> {
    root: &'a Value,
}

impl Checker<'_> {
    fn resolve<'v>(&'v self, mut s: &'v Value) -> &'v Value {
        for _ in 0..32 {
            match s.get("$ref").and_then(Value::as_str) {
                Some(r) => match r.strip_prefix("#/").map(|p| self.root.pointer(&format!("/{p}"))) {
                    Some(Some(target)) => s = target,
                    _ => return s,
                },
                None => return s,
            }
        }
        s
    }

    fn walk(&self, node: &S<Node>, schema: &Value, key: &str, out: &mut Vec<ShapeError>) {
        let schema = self.resolve(schema);
        if let Some(alts) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array)
        {
            let mut first_errors = None;
            for alt in alts {
                let mut errs = Vec::new();
                self.walk(node, alt, key, &mut errs);
                if errs.is_empty() {
                    return;
                }
                let is_null_branch = self.resolve(alt).get("type").and_then(Value::as_str) == Some("null");
                if first_errors.is_none() && !is_null_branch {
                    first_errors = Some(errs);
                }
            }
            out.extend(first_errors.unwrap_or_default());
            return;
        }
        if !self.type_fits(node, schema, key, out) {
            return;
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            self.check_enum(node, values, key, out);
        }
        match &node.value {
            Node::Map(entries) => self.walk_map(node, entries, schema, key, out),
            Node::Seq(items) => {
                if let Some(item) = schema.get("items") {
                    for (i, it) in items.iter().enumerate() {
                        self.walk(it, item, &format!("{key}[{i}]"), out);
                    }
                }
            }
            _ => {}
        }
    }

    /// Whether the node's type is one the schema allows; reports it if not.
    fn type_fits(&self, node: &S<Node>, schema: &Value, key: &str, out: &mut Vec<ShapeError>) -> bool {
        let types: Vec<&str> = match schema.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => return true,
        };
        let fits = types.iter().any(|t| match (*t, &node.value) {
            ("null", Node::Null) => true,
            ("boolean", Node::Bool(_)) => true,
            ("integer", Node::Int(_)) => true,
            ("number", Node::Int(_) | Node::Float(_)) => true,
            ("number" | "integer", Node::Str(s)) => s.trim().parse::<f64>().is_ok(),
            // A plain scalar reads as text wherever text is expected.
            ("string", Node::Str(_) | Node::Int(_) | Node::Float(_) | Node::Bool(_)) => true,
            ("array", Node::Seq(_)) => true,
            ("object", Node::Map(_)) => true,
            _ => false,
        });
        if !fits {
            out.push(type_error(node, &types, key));
        }
        fits
    }

    fn check_enum(&self, node: &S<Node>, values: &[Value], key: &str, out: &mut Vec<ShapeError>) {
        let Node::Str(s) = &node.value else { return };
        let allowed: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        if !allowed.is_empty() && !allowed.contains(&s.as_str()) {
            out.push(ShapeError {
                kind: ShapeKind::Other,
                pos: pos_of(node),
                key: key.to_string(),
                message: format!("unknown value `{s}`"),
                hint: format!("use one of: {}", allowed.join(", ")),
            });
        }
    }

    fn walk_map(
        &self,
        node: &S<Node>,
        entries: &[(S<Key>, S<Node>)],
        schema: &Value,
        key: &str,
        out: &mut Vec<ShapeError>,
    ) {
        let props = schema.get("properties").and_then(Value::as_object);
        let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
        let known: Vec<&str> = props
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        for (k, v) in entries {
            let child = if key.is_empty() {
                k.value.0.clone()
            } else {
                format!("{key}.{}", k.value.0)
            };
            match props.and_then(|p| p.get(&k.value.0)) {
                Some(sub) => self.walk(v, sub, &child, out),
                None if closed => out.push(unknown_key(k, &known, key)),
                None => {}
            }
        }
        let required = schema.get("required").and_then(Value::as_array);
        for r in required.into_iter().flatten().filter_map(Value::as_str) {
            if !entries.iter().any(|(k, _)| k.value.0 == r) {
                out.push(ShapeError {
                    kind: ShapeKind::MissingKey,
                    pos: pos_of(node),
                    key: key.to_string(),
                    message: format!("missing field `{r}`"),
                    hint: "add the required key (see docs/content-model.md)".into(),
                });
            }
        }
    }
}

fn type_error(node: &S<Node>, types: &[&str], key: &str) -> ShapeError {
    let wanted: Vec<&str> = types
        .iter()
        .filter(|t| **t != "null")
        .map(|t| match *t {
            "integer" => "a whole number",
            "number" => "a number",
            "string" => "text",
            "array" => "a list",
            "object" => "a mapping (key: value)",
            "boolean" => "true or false",
            _ => "another value",
        })
        .collect();
    let found = match &node.value {
        Node::Str(s) => format!("text `{s}`"),
        other => other.kind().to_string(),
    };
    let hint = match (&node.value, wanted.first()) {
        (Node::Str(_), Some(&"a number")) | (Node::Str(_), Some(&"a whole number")) => {
            "write a plain number in base units, e.g. 120000 rather than 12万"
        }
        (Node::Null, _) => "write the value after the colon, or remove the key",
        (_, Some(&"a list")) => "start each item on its own line with `- `, or write [a, b]",
        (_, Some(&"a mapping (key: value)")) => "write `key: value` pairs indented under this key, or {zh: …, en: …}",
        _ => "check the value's type (see docs/content-model.md)",
    };
    let scalar = matches!(
        node.value,
        Node::Str(_) | Node::Int(_) | Node::Float(_) | Node::Bool(_) | Node::Null
    );
    let kind = match wanted.first() {
        Some(&"a number") | Some(&"a whole number") if scalar => ShapeKind::WrongScalar { number: true },
        Some(&"text") if scalar => ShapeKind::WrongScalar { number: false },
        _ => ShapeKind::Other,
    };
    ShapeError {
        kind,
        pos: pos_of(node),
        key: key.to_string(),
        message: format!("invalid type: expected {}, found {found}", wanted.join(" or ")),
        hint: hint.into(),
    }
}

fn unknown_key(k: &S<Key>, known: &[&str], parent: &str) -> ShapeError {
    let name = &k.value.0;
    let hint = if name.contains('：') {
        "a full-width colon `：` is not YAML syntax: write the key with the ASCII colon and a space, `key: value` (switch the input method to half-width)".to_string()
    } else if name.contains('\u{3000}') {
        "a full-width space (　) is not YAML syntax: use ordinary spaces (switch the input method to half-width)"
            .to_string()
    } else if name.contains(' ') {
        "a comma inside `{zh: …, en: …}` ends the value: put text that contains a comma in quotes".to_string()
    } else {
        match closest(name, known) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("known keys here: {}", known.join(", ")),
        }
    };
    ShapeError {
        kind: ShapeKind::UnknownKey,
        pos: pos_of(k),
        key: if parent.is_empty() {
            name.clone()
        } else {
            format!("{parent}.{name}")
        },
        message: format!("unknown field `{name}`"),
        hint,
    }
}

/// The known key nearest to a misspelt one, if near enough.
pub fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&lower, k), *k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(2))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::raw::RawRegion;

    fn errors(yaml: &str) -> Vec<ShapeError> {
        let node: S<Node> = serde_saphyr::from_str(yaml).unwrap();
        let schema = serde_json::to_value(schemars::schema_for!(Vec<RawRegion>)).unwrap();
        check(&node, &schema)
    }

    #[test]
    fn every_mistake_of_a_file_at_once() {
        let e = errors("- id: a\n  name: {zh: 甲, en: A}\n  levle: province\n- id: b\n  name: 乙\n  level: 3\n  population: {value: 7千, year: 2022, source: {zh: 公报}}\n");
        let got: Vec<(u64, &str, &str)> = e
            .iter()
            .map(|x| (x.pos.line, x.key.as_str(), x.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (3, "[0].levle", "unknown field `levle`"),
                (1, "[0]", "missing field `level`"),
                (
                    5,
                    "[1].name",
                    "invalid type: expected a mapping (key: value), found text `乙`"
                ),
                (
                    7,
                    "[1].population.value",
                    "invalid type: expected a number, found text `7千`"
                ),
            ]
        );
        assert_eq!(e[0].hint, "did you mean `level`?");
    }

    #[test]
    fn near_misses_are_suggested() {
        assert_eq!(
            closest("resposible_units", &["responsible_units", "lead_units"]),
            Some("responsible_units")
        );
        assert_eq!(closest("xyz", &["responsible_units"]), None);
    }
}
