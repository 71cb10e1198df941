//! The macros that declare the common shapes of `uv_fs_*` exports: an
//! operation on one path, on two paths, or on a descriptor, each with a few
//! extra arguments stored in named request fields, and a runner that
//! performs it from those fields.
//!
//! The expansion names `guard`, `begin`, `set_paths`, `post`, `finish`,
//! `UV_EINVAL` and the C types; the using module imports them.

/// Declares a path-only operation: `$export(loop, req, path, <extra>, cb)`.
macro_rules! path_op {
    ($export:ident, $kind:expr, ($($arg:ident: $ty:ty => $field:ident),*), |$req:ident| $run:expr) => {
        #[no_mangle]
        pub unsafe extern "C" fn $export(
            lp: *mut uv_loop_t,
            req: *mut uv_fs_t,
            path: *const c_char,
            $($arg: $ty,)*
            cb: uv_fs_cb,
        ) -> c_int {
            guard(stringify!($export), UV_EINVAL, || {
                // SAFETY: NULL or valid pointers, per the API; the runner
                // reads only what is stored here.
                unsafe {
                    if let Err(code) = begin(req, lp, $kind, cb) {
                        return code;
                    }
                    if let Err(code) = set_paths(req, path, std::ptr::null(), false) {
                        return code;
                    }
                    $((*req).$field = $arg as _;)*
                    unsafe fn runner($req: *mut uv_fs_t) {
                        // SAFETY: posted with its path and arguments set.
                        unsafe { finish($req, $run) }
                    }
                    post(req, runner, stringify!($export))
                }
            })
        }
    };
}

/// Declares a descriptor-only operation: `$export(loop, req, file, <extra>, cb)`.
macro_rules! fd_op {
    ($export:ident, $kind:expr, ($($arg:ident: $ty:ty => $field:ident),*), |$req:ident| $run:expr) => {
        #[no_mangle]
        pub unsafe extern "C" fn $export(
            lp: *mut uv_loop_t,
            req: *mut uv_fs_t,
            file: c_int,
            $($arg: $ty,)*
            cb: uv_fs_cb,
        ) -> c_int {
            guard(stringify!($export), UV_EINVAL, || {
                // SAFETY: NULL or valid pointers, per the API.
                unsafe {
                    if let Err(code) = begin(req, lp, $kind, cb) {
                        return code;
                    }
                    (*req).file = file;
                    $((*req).$field = $arg as _;)*
                    unsafe fn runner($req: *mut uv_fs_t) {
                        // SAFETY: posted with its descriptor and arguments set.
                        unsafe { finish($req, $run) }
                    }
                    post(req, runner, stringify!($export))
                }
            })
        }
    };
}

/// Declares a two-path operation: `$export(loop, req, path, new_path, <extra>, cb)`.
/// A NULL second path is EINVAL.
macro_rules! two_path_op {
    ($export:ident, $kind:expr, ($($arg:ident: $ty:ty => $field:ident),*), |$req:ident| $run:expr) => {
        #[no_mangle]
        pub unsafe extern "C" fn $export(
            lp: *mut uv_loop_t,
            req: *mut uv_fs_t,
            path: *const c_char,
            new_path: *const c_char,
            $($arg: $ty,)*
            cb: uv_fs_cb,
        ) -> c_int {
            guard(stringify!($export), UV_EINVAL, || {
                // SAFETY: NULL or valid pointers, per the API; the runner
                // reads only what is stored here.
                unsafe {
                    if let Err(code) = begin(req, lp, $kind, cb) {
                        return code;
                    }
                    if new_path.is_null() {
                        return UV_EINVAL;
                    }
                    if let Err(code) = set_paths(req, path, new_path, false) {
                        return code;
                    }
                    $((*req).$field = $arg as _;)*
                    unsafe fn runner($req: *mut uv_fs_t) {
                        // SAFETY: posted with both paths and its arguments set.
                        unsafe { finish($req, $run) }
                    }
                    post(req, runner, stringify!($export))
                }
            })
        }
    };
}
