//! A `tracing` subscriber that keeps every span and event with their fields, for the tests
//! that look at what a client traces: these of the runtime, and the behaviour tests of the
//! emitted crates (which include this file).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// One span as captured: its fields as recorded so far, values as text.
#[derive(Debug, Clone)]
pub struct CapturedSpan {
    /// Its place in [`Captured::spans`] (span ids are reused once a span closes).
    pub index: usize,
    pub name: &'static str,
    pub parent: Option<usize>,
    pub fields: BTreeMap<String, String>,
}

impl CapturedSpan {
    /// The value recorded for `name`, if any.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// One event as captured; its message is the field `message`.
#[derive(Debug, Clone)]
pub struct CapturedEvent {
    /// The span it happened in.
    pub span: Option<usize>,
    pub level: Level,
    pub fields: BTreeMap<String, String>,
}

impl CapturedEvent {
    /// The value recorded for `name`, if any.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }

    pub fn message(&self) -> &str {
        self.field("message").unwrap_or_default()
    }
}

/// What was captured so far: shared by the subscriber and the test.
#[derive(Debug, Clone, Default)]
pub struct Captured {
    spans: Arc<Mutex<Vec<CapturedSpan>>>,
    events: Arc<Mutex<Vec<CapturedEvent>>>,
}

impl Captured {
    /// Captures every span and event of this thread, at every level, until the guard is
    /// dropped (a `#[tokio::test]` runs its futures on its own thread).
    pub fn start() -> (Captured, tracing::subscriber::DefaultGuard) {
        let captured = Captured::default();
        let subscriber = tracing_subscriber::registry().with(captured.clone());
        (captured, tracing::subscriber::set_default(subscriber))
    }

    pub fn spans(&self) -> Vec<CapturedSpan> {
        self.spans.lock().unwrap().clone()
    }

    /// The spans named `name`, in the order they were opened.
    pub fn spans_named(&self, name: &str) -> Vec<CapturedSpan> {
        let spans = self.spans();
        spans.into_iter().filter(|span| span.name == name).collect()
    }

    /// The spans whose parent is `parent`, in the order they were opened.
    pub fn children(&self, parent: &CapturedSpan) -> Vec<CapturedSpan> {
        let spans = self.spans();
        let children = spans.into_iter();
        children
            .filter(|span| span.parent == Some(parent.index))
            .collect()
    }

    /// The one call span captured, and its try spans in order; fails the test when there is
    /// not exactly one call.
    pub fn call_and_tries(&self) -> (CapturedSpan, Vec<CapturedSpan>) {
        let calls = self.spans_named("call");
        assert_eq!(calls.len(), 1, "{:#?}", self.spans());
        let tries = self.children(&calls[0]);
        (calls[0].clone(), tries)
    }

    pub fn events(&self) -> Vec<CapturedEvent> {
        self.events.lock().unwrap().clone()
    }

    /// The events that happened in `span` itself (not in its children).
    pub fn events_in(&self, span: &CapturedSpan) -> Vec<CapturedEvent> {
        let events = self.events().into_iter();
        events
            .filter(|event| event.span == Some(span.index))
            .collect()
    }

    /// Every name and value of every span and event: what a secret must not be part of.
    pub fn everything(&self) -> String {
        let spans = self.spans().into_iter().map(|span| span.fields);
        let events = self.events().into_iter().map(|event| event.fields);
        let fields: Vec<_> = spans.chain(events).collect();
        format!("{fields:?}")
    }
}

/// The index of a span in `Captured::spans`, kept in the registry's span data.
struct Index(usize);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Captured {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else {
            return;
        };
        let parent = span
            .parent()
            .and_then(|parent| parent.extensions().get::<Index>().map(|index| index.0));
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let mut spans = self.spans.lock().unwrap();
        let index = spans.len();
        spans.push(CapturedSpan {
            index,
            name: attrs.metadata().name(),
            parent,
            fields,
        });
        span.extensions_mut().insert(Index(index));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else {
            return;
        };
        let index = span.extensions().get::<Index>().map(|index| index.0);
        if let Some(index) = index {
            let mut spans = self.spans.lock().unwrap();
            values.record(&mut Fields(&mut spans[index].fields));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let span = ctx
            .event_span(event)
            .and_then(|span| span.extensions().get::<Index>().map(|index| index.0));
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.events.lock().unwrap().push(CapturedEvent {
            span,
            level: *event.metadata().level(),
            fields,
        });
    }
}

/// Records fields as text: strings as they are, anything else as `Debug` prints it.
struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
}
