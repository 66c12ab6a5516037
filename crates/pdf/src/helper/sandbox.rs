//! The render helper's confinement, entered once pdfium is loaded and warmed up.
//!
//! On Linux, two layers:
//! - **Landlock** (kernel 5.13 and later): every file-system access and, from ABI 4, every
//!   TCP bind and connect is refused, whatever the path. Files already open (the
//!   pipes to the app, the mapped library) keep working.
//! - **seccomp**: a filter allows only the system calls that reading stdin, drawing,
//!   allocating, encoding on a few threads and writing stdout need; any other call
//!   (open, socket, exec, fork, ptrace...) fails with `EPERM`. `clone` is allowed only
//!   for threads (`CLONE_THREAD`, the flags checked by the filter); `clone3`, whose flags
//!   a filter cannot read, answers `ENOSYS`, so the C library falls back to `clone`.
//!   It works on any kernel with seccomp, so it holds even where Landlock is off.
//!
//! Elsewhere the helper runs unconfined but still in its own process, and says so in
//! its [`SandboxStatus`].

use super::wire::SandboxStatus;

/// Confines the current process for good. Errors are reported in the status, not
/// fatal: the process boundary alone still protects the app's memory.
pub fn enter() -> SandboxStatus {
    #[cfg(target_os = "linux")]
    {
        let landlock = linux::landlock();
        let seccomp = linux::seccomp();
        SandboxStatus { seccomp, landlock }
    }
    #[cfg(not(target_os = "linux"))]
    {
        SandboxStatus {
            seccomp: false,
            landlock: false,
        }
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::collections::BTreeMap;

    use landlock::{ABI, Access, AccessFs, AccessNet, Ruleset, RulesetAttr, RulesetStatus};
    use seccompiler::{
        BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
        SeccompRule, TargetArch,
    };

    /// Refuses all file-system and network access; true when fully enforced.
    pub fn landlock() -> bool {
        let abi = ABI::V5;
        let status = Ruleset::default()
            .handle_access(AccessFs::from_all(abi))
            .and_then(|r| r.handle_access(AccessNet::from_all(abi)))
            .and_then(|r| r.create())
            .and_then(|r| r.restrict_self());
        match status {
            Ok(s) => s.ruleset == RulesetStatus::FullyEnforced,
            Err(e) => {
                eprintln!("pdf helper: Landlock not in force: {e}");
                false
            }
        }
    }

    /// The system calls the helper may make once started.
    fn allowed() -> Vec<i64> {
        let mut calls = vec![
            // The pipes to the app.
            libc::SYS_read,
            libc::SYS_write,
            libc::SYS_readv,
            libc::SYS_writev,
            libc::SYS_close,
            libc::SYS_lseek,
            libc::SYS_fstat,
            libc::SYS_newfstatat,
            libc::SYS_statx,
            libc::SYS_fcntl,
            // Memory.
            libc::SYS_mmap,
            libc::SYS_munmap,
            libc::SYS_mremap,
            libc::SYS_mprotect,
            libc::SYS_madvise,
            libc::SYS_brk,
            libc::SYS_futex,
            libc::SYS_membarrier,
            // Threads (clone itself is allowed for threads only, below).
            libc::SYS_set_robust_list,
            libc::SYS_rseq,
            // Time, randomness, limits.
            libc::SYS_clock_gettime,
            libc::SYS_clock_getres,
            libc::SYS_gettimeofday,
            libc::SYS_clock_nanosleep,
            libc::SYS_nanosleep,
            libc::SYS_sched_yield,
            libc::SYS_getrandom,
            libc::SYS_prlimit64,
            libc::SYS_sched_getaffinity,
            libc::SYS_getpid,
            libc::SYS_gettid,
            // Signals and ending (abort raises SIGABRT on itself).
            libc::SYS_rt_sigaction,
            libc::SYS_rt_sigprocmask,
            libc::SYS_rt_sigreturn,
            libc::SYS_sigaltstack,
            libc::SYS_tgkill,
            libc::SYS_restart_syscall,
            libc::SYS_exit,
            libc::SYS_exit_group,
            // Only ever adds filters (which restrict further): the second one below.
            libc::SYS_seccomp,
        ];
        #[cfg(target_arch = "x86_64")]
        calls.extend([libc::SYS_arch_prctl, libc::SYS_time]);
        calls
    }

    fn arch() -> Option<TargetArch> {
        if cfg!(target_arch = "x86_64") {
            Some(TargetArch::x86_64)
        } else if cfg!(target_arch = "aarch64") {
            Some(TargetArch::aarch64)
        } else {
            None
        }
    }

    /// The allow-list, with `clone` allowed only with `CLONE_THREAD`.
    fn allow_list(arch: TargetArch) -> Result<BpfProgram, seccompiler::BackendError> {
        let mut rules: BTreeMap<i64, Vec<SeccompRule>> = allowed()
            .into_iter()
            .map(|call| (call, Vec::new()))
            .collect();
        let thread = libc::CLONE_THREAD as u64;
        rules.insert(
            libc::SYS_clone,
            vec![SeccompRule::new(vec![SeccompCondition::new(
                0,
                SeccompCmpArgLen::Qword,
                SeccompCmpOp::MaskedEq(thread),
                thread,
            )?])?],
        );
        // prctl only to set "no new privileges" again, which installing a filter does.
        rules.insert(
            libc::SYS_prctl,
            vec![SeccompRule::new(vec![SeccompCondition::new(
                0,
                SeccompCmpArgLen::Dword,
                SeccompCmpOp::Eq,
                libc::PR_SET_NO_NEW_PRIVS as u64,
            )?])?],
        );
        BpfProgram::try_from(SeccompFilter::new(
            rules,
            SeccompAction::Errno(libc::EPERM as u32),
            SeccompAction::Allow,
            arch,
        )?)
    }

    /// `clone3` answers "not implemented". Installed after [`allow_list`], whose `EPERM`
    /// it overrides (of two filters' errno answers, the newer one wins).
    fn no_clone3(arch: TargetArch) -> Result<BpfProgram, seccompiler::BackendError> {
        BpfProgram::try_from(SeccompFilter::new(
            BTreeMap::from([(libc::SYS_clone3, Vec::new())]),
            SeccompAction::Allow,
            SeccompAction::Errno(libc::ENOSYS as u32),
            arch,
        )?)
    }

    /// Installs the filters on every thread; true when they are in force.
    pub fn seccomp() -> bool {
        let Some(arch) = arch() else {
            return false;
        };
        let programs = allow_list(arch).and_then(|a| no_clone3(arch).map(|b| [a, b]));
        let programs = match programs {
            Ok(p) => p,
            Err(e) => {
                eprintln!("pdf helper: seccomp filter not built: {e}");
                return false;
            }
        };
        for program in &programs {
            if let Err(e) = seccompiler::apply_filter_all_threads(program) {
                eprintln!("pdf helper: seccomp not in force: {e}");
                return false;
            }
        }
        true
    }
}
