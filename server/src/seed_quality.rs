//! Demo data for service quality: six months of requests, ratings and evaluations.
