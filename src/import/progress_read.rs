//! Reading a progress report.
