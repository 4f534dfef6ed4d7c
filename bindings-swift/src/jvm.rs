//! Keeps the shared runtime's threads attached to the JVM, when the library
//! runs inside one (Kotlin, Java, Android).
//!
//! An async call ends by waking its Kotlin coroutine: uniffi calls a JNA
//! callback from the runtime thread that finished the call. JNA attaches a
//! thread the JVM does not know for the length of one callback and detaches
//! it afterwards, so every call created and destroyed a `java.lang.Thread`,
//! with its JFR and GC work: about half of the runtime thread's CPU per get
//! (`bench/README.md`). A thread that is already attached when a callback
//! arrives is left as it is, so each runtime thread attaches itself once, as
//! a daemon (it never keeps the JVM from exiting), when it starts, and
//! detaches when it stops.
//!
//! The JVM is found through `JNI_GetCreatedJavaVMs`, which every JVM's
//! library exports; without a JVM in the process (Swift, a Rust test) there
//! is no such symbol and nothing is done. Nothing here can fail a call: a
//! thread that could not attach is attached by JNA per callback, as before.

#[cfg(unix)]
mod imp {
    use std::cell::Cell;
    use std::ffi::{c_char, c_void};
    use std::ptr;

    /// `JNI_OK`.
    const OK: i32 = 0;
    /// `JNI_EDETACHED`: the thread is not attached.
    const DETACHED: i32 = -2;
    /// `JNI_VERSION_1_2`, the oldest version `GetEnv` and the attach
    /// arguments take.
    const VERSION: i32 = 0x0001_0002;

    /// The JNI invocation interface (`JNIInvokeInterface_`), as jni.h lays
    /// it out; only the functions used here are typed.
    #[repr(C)]
    struct InvokeInterface {
        reserved: [*mut c_void; 3],
        destroy_java_vm: *mut c_void,
        attach_current_thread: *mut c_void,
        detach_current_thread: unsafe extern "system" fn(*mut JavaVm) -> i32,
        get_env: unsafe extern "system" fn(*mut JavaVm, *mut *mut c_void, i32) -> i32,
        attach_current_thread_as_daemon:
            unsafe extern "system" fn(*mut JavaVm, *mut *mut c_void, *mut c_void) -> i32,
    }

    /// jni.h's `JavaVM`: a pointer to the interface.
    type JavaVm = *const InvokeInterface;

    /// `JavaVMAttachArgs`: names the thread in the JVM's thread dumps.
    #[repr(C)]
    struct AttachArgs {
        version: i32,
        name: *const c_char,
        group: *mut c_void,
    }

    type GetCreatedJavaVms = unsafe extern "system" fn(*mut *mut JavaVm, i32, *mut i32) -> i32;

    thread_local! {
        /// The JVM this thread attached itself to, to detach from when it stops.
        static ATTACHED: Cell<*mut JavaVm> = const { Cell::new(ptr::null_mut()) };
    }

    /// The process's JVM, if one is running.
    fn java_vm() -> Option<*mut JavaVm> {
        // SAFETY: dlsym with RTLD_DEFAULT only looks a name up; the symbol, when
        // present, has jni.h's signature.
        let get_created: GetCreatedJavaVms = unsafe {
            let symbol = libc::dlsym(libc::RTLD_DEFAULT, c"JNI_GetCreatedJavaVMs".as_ptr());
            if symbol.is_null() {
                return None;
            }
            std::mem::transmute::<*mut c_void, GetCreatedJavaVms>(symbol)
        };
        let (mut vm, mut count) = (ptr::null_mut(), 0);
        // SAFETY: room for one VM, as the count says.
        let status = unsafe { get_created(&mut vm, 1, &mut count) };
        (status == OK && count == 1 && !vm.is_null()).then_some(vm)
    }

    pub fn attach() {
        let Some(vm) = java_vm() else { return };
        // SAFETY: `vm` is the live JVM of this process; the interface is jni.h's.
        unsafe {
            let interface = &**vm;
            let mut env = ptr::null_mut();
            if (interface.get_env)(vm, &mut env, VERSION) != DETACHED {
                return; // attached already (or a JNI version this JVM refuses)
            }
            let mut args = AttachArgs {
                version: VERSION,
                name: c"workos-dsync".as_ptr(),
                group: ptr::null_mut(),
            };
            let args = ptr::addr_of_mut!(args).cast::<c_void>();
            if (interface.attach_current_thread_as_daemon)(vm, &mut env, args) == OK {
                ATTACHED.with(|a| a.set(vm));
            }
        }
    }

    pub fn detach() {
        let vm = ATTACHED.with(|a| a.replace(ptr::null_mut()));
        if !vm.is_null() {
            // SAFETY: this thread attached itself to `vm`, which outlives the
            // runtime's threads (the runtime is never dropped before exit).
            unsafe { ((**vm).detach_current_thread)(vm) };
        }
    }
}

#[cfg(unix)]
pub use imp::{attach, detach};

#[cfg(not(unix))]
pub fn attach() {}

#[cfg(not(unix))]
pub fn detach() {}
