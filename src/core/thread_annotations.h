// Clang's thread-safety annotations (https://clang.llvm.org/docs/ThreadSafetyAnalysis.html):
// which mutex guards a field, which a function needs held. Under clang with -Wthread-safety
// (scripts/check-clang runs it in `make test`) a read of a guarded field
// without its mutex is a compile error; under g++, which builds pregon, they expand to
// nothing. Use them with core/mutex.h, whose Mutex and MutexLock carry the capability.
#pragma once

#if defined(__clang__)
#define PREGON_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define PREGON_THREAD_ANNOTATION(x)
#endif

// A type that is a lock (Mutex).
#define CAPABILITY(x) PREGON_THREAD_ANNOTATION(capability(x))
// An RAII type that holds a lock for its scope (MutexLock).
#define SCOPED_CAPABILITY PREGON_THREAD_ANNOTATION(scoped_lockable)
// A field read or written only with `x` held.
#define GUARDED_BY(x) PREGON_THREAD_ANNOTATION(guarded_by(x))
// A pointer whose pointee is read or written only with `x` held.
#define PT_GUARDED_BY(x) PREGON_THREAD_ANNOTATION(pt_guarded_by(x))
// A function the caller calls with `...` held (the "REQUIRES: mu_ held" of a comment).
#define REQUIRES(...) PREGON_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
// A function the caller must not call with `...` held (it takes it itself).
#define EXCLUDES(...) PREGON_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define ACQUIRE(...) PREGON_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) PREGON_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define ASSERT_CAPABILITY(x) PREGON_THREAD_ANNOTATION(assert_capability(x))
#define RETURN_CAPABILITY(x) PREGON_THREAD_ANNOTATION(lock_returned(x))
// For the rare function whose locking the analysis cannot follow; say why beside it.
#define NO_THREAD_SAFETY_ANALYSIS PREGON_THREAD_ANNOTATION(no_thread_safety_analysis)
