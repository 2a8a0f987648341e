//! Server-rendered SVG charts (5.3.2).
