//! Directories: [`read_dir`], [`ReadDir`] and [`DirEntry`].
