//! Server functions for evaluations, standards and training (5.2).
