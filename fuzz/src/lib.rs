//! Support for the fuzz targets: the independent bcrypt reference.

pub mod bcrypt_ref;
