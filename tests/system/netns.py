"""Hosts for system tests, made of Linux network namespaces: one "switch" namespace holds a
bridge, every host namespace is joined to it by a veth pair and gets its own address on a
private /24. Nothing is added to the root namespace: the veth pairs are created inside the
namespaces, and processes on these hosts see only their own address and loopback.

Namespaces are named `chp-<pid of the test process>-<host>`; a test that died before its
clean-up leaves namespaces whose pid is gone, and the next Network removes them (killing
what still runs in them), with their state folder in /tmp."""

import ctypes
import glob
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time

PREFIX = "chp-"
SUBNET = "10.213.0"
CLONE_NEWNET = 0x40000000
_LEFTOVER = re.compile(rf"^{PREFIX}(\d+)-")


def ip(*args, check=True):
    return subprocess.run(["ip", *args], check=check, capture_output=True, text=True,
                          timeout=30)


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _delete_namespace(ns):
    """Kills whatever still runs in `ns` (only our own hosts' processes live there), then
    deletes it: its veth pairs go with it."""
    pids = ip("netns", "pids", ns, check=False).stdout.split()
    for pid in pids:
        try:
            os.kill(int(pid), signal.SIGKILL)
        except (ProcessLookupError, ValueError):
            pass
    deadline = time.monotonic() + 10
    while pids and time.monotonic() < deadline:
        pids = [p for p in pids if _pid_alive(int(p))]
        time.sleep(0.05)
    ip("netns", "del", ns, check=False)


def remove_leftovers():
    """Namespaces and state folders of earlier test processes that are gone."""
    for line in ip("netns", "list", check=False).stdout.splitlines():
        name = line.split()[0] if line.split() else ""
        match = _LEFTOVER.match(name)
        if match and not _pid_alive(int(match.group(1))):
            _delete_namespace(name)
    for folder in glob.glob(f"/tmp/{PREFIX}*"):
        match = _LEFTOVER.match(os.path.basename(folder))
        if match and not _pid_alive(int(match.group(1))):
            shutil.rmtree(folder, ignore_errors=True)


class Network:
    """A switch and the hosts plugged into it. `add_host("w1", 11)` makes namespace
    chp-<pid>-w1 with eth0 = 10.213.0.11/24; `run("w1", argv)` starts a process there."""

    def __init__(self):
        remove_leftovers()
        self.tag = f"{PREFIX}{os.getpid()}"
        # Folders a host's processes share with the test (PostgreSQL's state root must be
        # traversable by the postgres user, hence 0755).
        self.state = tempfile.mkdtemp(prefix=f"{self.tag}-", dir="/tmp")
        os.chmod(self.state, 0o755)
        self.namespaces = []
        self.hosts = {}
        self.procs = []
        self.switch = self._namespace("sw")
        ip("-n", self.switch, "link", "add", "br0", "type", "bridge")
        ip("-n", self.switch, "link", "set", "br0", "up")

    def _namespace(self, host):
        ns = f"{self.tag}-{host}"
        ip("netns", "add", ns)
        self.namespaces.append(ns)
        ip("-n", ns, "link", "set", "lo", "up")
        return ns

    def add_host(self, host, number):
        ns = self._namespace(host)
        port = f"p-{host}"  # the switch's end of the cable
        ip("-n", self.switch, "link", "add", port, "type", "veth", "peer", "name", "eth0",
           "netns", ns)
        ip("-n", self.switch, "link", "set", port, "master", "br0")
        ip("-n", self.switch, "link", "set", port, "up")
        address = f"{SUBNET}.{number}"
        ip("-n", ns, "addr", "add", f"{address}/24", "dev", "eth0")
        ip("-n", ns, "link", "set", "eth0", "up")
        self.hosts[host] = (ns, address)
        return address

    def ns(self, host):
        return self.hosts[host][0]

    def address(self, host):
        return self.hosts[host][1]

    def command(self, host, argv):
        return ["ip", "netns", "exec", self.ns(host), *argv]

    def run(self, host, argv, log_path, **kw):
        """Starts argv on `host` (ip netns exec execs it, so the pid is the program's);
        stdout and stderr go to log_path."""
        log = open(log_path, "w")
        proc = subprocess.Popen(self.command(host, argv), stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, **kw)
        log.close()
        self.procs.append(proc)
        return proc

    def link(self, host, up):
        """Plugs the host's cable in or pulls it out (eth0 up or down, inside its namespace)."""
        ip("-n", self.ns(host), "link", "set", "eth0", "up" if up else "down")

    def call(self, host, fn, *args, timeout=120):
        """fn(*args) on a thread that joined the host's network namespace: the sockets it
        opens live there. Returns fn's value or raises its exception."""
        outcome = {}

        def body():
            try:
                libc = ctypes.CDLL(None, use_errno=True)
                fd = os.open(f"/var/run/netns/{self.ns(host)}", os.O_RDONLY)
                try:
                    if libc.setns(fd, CLONE_NEWNET) != 0:
                        errno = ctypes.get_errno()
                        raise OSError(errno, f"setns: {os.strerror(errno)}")
                finally:
                    os.close(fd)
                outcome["value"] = fn(*args)
            except BaseException as err:  # re-raised on the caller's thread
                outcome["error"] = err

        thread = threading.Thread(target=body, daemon=True)
        thread.start()
        thread.join(timeout)
        if thread.is_alive():
            raise TimeoutError(f"{getattr(fn, '__name__', fn)} on {host} took over {timeout}s")
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("value")

    def close(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        for ns in reversed(self.namespaces):
            _delete_namespace(ns)
        shutil.rmtree(self.state, ignore_errors=True)
