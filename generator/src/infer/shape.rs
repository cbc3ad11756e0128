//! The shape lattice: what a set of JSON samples says about one value.
//!
//! Samples are folded with [`Shape::merge`]: `null` makes a shape nullable, a key missing
//! from some object samples makes that field optional, integers and floats merge to floats,
//! and shapes that cannot agree become [`Kind::Any`].

use serde_json::Value;

use super::placeholder::{parse_placeholder, ScalarHint};

#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Some sample was `null`.
    pub nullable: bool,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// No sample said anything (only `null`s, or the items of empty arrays).
    Nothing,
    Bool,
    /// Every sample was an integer. `int64`: one was the `<long>` placeholder, so the schema
    /// says the value is a 64-bit integer (see `infer/numbers.rs` for what else does).
    Integer {
        int64: bool,
    },
    Number,
    Text(TextFormat),
    Array(Box<Shape>),
    Object(ObjectShape),
    /// Samples disagree, or a converter marker said "anything".
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    Plain,
    Uuid,
    DateTime,
    Date,
}

/// Fields in first-seen order, each with the number of object samples that had it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ObjectShape {
    pub fields: Vec<FieldShape>,
    pub samples: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldShape {
    pub key: String,
    pub shape: Shape,
    pub present_in: usize,
}

impl Shape {
    pub const NOTHING: Shape = Shape {
        nullable: false,
        kind: Kind::Nothing,
    };

    fn of(kind: Kind) -> Shape {
        Shape {
            nullable: false,
            kind,
        }
    }

    /// The shape of one sample.
    pub fn from_json(value: &Value) -> Shape {
        match value {
            Value::Null => Shape {
                nullable: true,
                kind: Kind::Nothing,
            },
            Value::Bool(_) => Shape::of(Kind::Bool),
            Value::Number(n) if n.is_f64() => Shape::of(Kind::Number),
            Value::Number(_) => Shape::of(Kind::Integer { int64: false }),
            Value::String(text) => Shape::of(match parse_placeholder(text) {
                None | Some(ScalarHint::Text) => Kind::Text(TextFormat::Plain),
                Some(ScalarHint::Uuid) => Kind::Text(TextFormat::Uuid),
                Some(ScalarHint::DateTime) => Kind::Text(TextFormat::DateTime),
                Some(ScalarHint::Date) => Kind::Text(TextFormat::Date),
                Some(ScalarHint::Integer) => Kind::Integer { int64: false },
                Some(ScalarHint::Long) => Kind::Integer { int64: true },
                Some(ScalarHint::Number) => Kind::Number,
                Some(ScalarHint::Boolean) => Kind::Bool,
                Some(ScalarHint::Array) => Kind::Array(Box::new(Shape::NOTHING)),
                Some(ScalarHint::Unknown) => Kind::Any,
            }),
            Value::Array(items) => {
                let item = items
                    .iter()
                    .map(Shape::from_json)
                    .fold(Shape::NOTHING, Shape::merge);
                Shape::of(Kind::Array(Box::new(item)))
            }
            Value::Object(map) => Shape::of(Kind::Object(ObjectShape {
                fields: map
                    .iter()
                    .map(|(key, value)| FieldShape {
                        key: key.clone(),
                        shape: Shape::from_json(value),
                        present_in: 1,
                    })
                    .collect(),
                samples: 1,
            })),
        }
    }

    /// The least shape that both samples fit.
    pub fn merge(self, other: Shape) -> Shape {
        let nullable = self.nullable || other.nullable;
        let kind = match (self.kind, other.kind) {
            (Kind::Nothing, kind) | (kind, Kind::Nothing) => kind,
            (Kind::Any, _) | (_, Kind::Any) => Kind::Any,
            (Kind::Bool, Kind::Bool) => Kind::Bool,
            (Kind::Integer { int64: a }, Kind::Integer { int64: b }) => {
                Kind::Integer { int64: a || b }
            }
            (Kind::Integer { .. } | Kind::Number, Kind::Integer { .. } | Kind::Number) => {
                Kind::Number
            }
            (Kind::Text(a), Kind::Text(b)) => {
                Kind::Text(if a == b { a } else { TextFormat::Plain })
            }
            (Kind::Array(a), Kind::Array(b)) => Kind::Array(Box::new(a.merge(*b))),
            (Kind::Object(a), Kind::Object(b)) => Kind::Object(a.merge(b)),
            _ => Kind::Any,
        };
        Shape { nullable, kind }
    }
}

impl ObjectShape {
    fn merge(mut self, other: ObjectShape) -> ObjectShape {
        for field in other.fields {
            match self.fields.iter_mut().find(|mine| mine.key == field.key) {
                Some(mine) => {
                    mine.shape =
                        std::mem::replace(&mut mine.shape, Shape::NOTHING).merge(field.shape);
                    mine.present_in += field.present_in;
                }
                None => self.fields.push(field),
            }
        }
        self.samples += other.samples;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merged(samples: &[Value]) -> Shape {
        samples
            .iter()
            .map(Shape::from_json)
            .fold(Shape::NOTHING, Shape::merge)
    }

    #[test]
    fn missing_keys_and_nulls_are_counted() {
        let shape = merged(&[json!({"a": 1, "b": null}), json!({"b": "x"})]);
        let Kind::Object(object) = shape.kind else {
            panic!("{shape:?}")
        };
        let a = &object.fields[0];
        assert!(a.present_in < object.samples);
        assert!(!a.shape.nullable);
        let b = &object.fields[1];
        assert_eq!(b.present_in, object.samples);
        assert!(b.shape.nullable);
        assert_eq!(b.shape.kind, Kind::Text(TextFormat::Plain));
    }

    #[test]
    fn integers_and_floats_merge_to_number() {
        assert_eq!(merged(&[json!(1), json!(1.5)]).kind, Kind::Number);
        assert_eq!(
            merged(&[json!("<integer>"), json!("<float>")]).kind,
            Kind::Number
        );
    }

    #[test]
    fn a_long_placeholder_says_int64_in_every_merge() {
        assert_eq!(
            merged(&[json!(3), json!("<integer>")]).kind,
            Kind::Integer { int64: false }
        );
        assert_eq!(
            merged(&[json!(3), json!("<long>")]).kind,
            Kind::Integer { int64: true }
        );
        assert_eq!(merged(&[json!("<long>"), json!(1.5)]).kind, Kind::Number);
    }

    #[test]
    fn conflicts_become_any() {
        assert_eq!(merged(&[json!(1), json!("x")]).kind, Kind::Any);
    }

    #[test]
    fn placeholders_are_types_not_strings() {
        assert_eq!(
            merged(&[json!("<uuid>")]).kind,
            Kind::Text(TextFormat::Uuid)
        );
        assert_eq!(merged(&[json!("<boolean>")]).kind, Kind::Bool);
        assert_eq!(
            merged(&[json!("<uuid>"), json!("plain")]).kind,
            Kind::Text(TextFormat::Plain)
        );
    }
}
