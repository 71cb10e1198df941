//! Idle, prepare and check exports: three handle types with one shape.

use crate::boundary::guard;
use crate::error::UV_EINVAL;
use crate::handle::init_handle;
use crate::resolve::live_handle;
use crate::types::*;
use libc::c_int;
use ruv::engine::Kind;

macro_rules! phase_handle {
    ($handle:ty, $cb:ty, $type_:expr, $kind:expr, $init:ident, $start:ident, $stop:ident) => {
        #[no_mangle]
        pub unsafe extern "C" fn $init(lp: *mut uv_loop_t, handle: *mut $handle) -> c_int {
            guard(stringify!($init), UV_EINVAL, || {
                // SAFETY: NULL or valid pointers, per the API.
                let status = unsafe {
                    init_handle(
                        lp,
                        handle as *mut uv_handle_t,
                        $type_,
                        $kind,
                        stringify!($init),
                    )
                };
                if status == 0 {
                    // SAFETY: initialised just above.
                    unsafe { (*handle).cb = None };
                }
                status
            })
        }

        /// Starting an active handle does nothing, not even replace the
        /// callback, as in libuv.
        #[no_mangle]
        pub unsafe extern "C" fn $start(handle: *mut $handle, cb: $cb) -> c_int {
            guard(stringify!($start), UV_EINVAL, || {
                // SAFETY: NULL or a handle of this type, per the API.
                let Some((lp, id)) = (unsafe { live_handle(handle, stringify!($start)) }) else {
                    return UV_EINVAL;
                };
                if lp.is_active(id) {
                    return 0;
                }
                if cb.is_none() {
                    return UV_EINVAL;
                }
                // SAFETY: a live handle; set before the start so the first
                // call finds it.
                unsafe { (*handle).cb = cb };
                lp.phase_start(id).map_or_else(|e| e.code(), |()| 0)
            })
        }

        #[no_mangle]
        pub unsafe extern "C" fn $stop(handle: *mut $handle) -> c_int {
            guard(stringify!($stop), UV_EINVAL, || {
                // SAFETY: NULL or a handle of this type, per the API.
                let Some((lp, id)) = (unsafe { live_handle(handle, stringify!($stop)) }) else {
                    return UV_EINVAL;
                };
                lp.phase_stop(id).map_or_else(|e| e.code(), |()| 0)
            })
        }
    };
}

phase_handle!(
    uv_idle_t,
    uv_idle_cb,
    handle_type::IDLE,
    Kind::Idle,
    uv_idle_init,
    uv_idle_start,
    uv_idle_stop
);
phase_handle!(
    uv_prepare_t,
    uv_prepare_cb,
    handle_type::PREPARE,
    Kind::Prepare,
    uv_prepare_init,
    uv_prepare_start,
    uv_prepare_stop
);
phase_handle!(
    uv_check_t,
    uv_check_cb,
    handle_type::CHECK,
    Kind::Check,
    uv_check_init,
    uv_check_start,
    uv_check_stop
);
