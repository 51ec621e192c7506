import { describe, expect, it } from "vitest";
import { describePort, formatBytes, formatPort, relativeTime } from "./format";

describe("formatPort", () => {
  it("shows a mapping on all interfaces without an address", () => {
    const port = { hostIp: null, hostPort: 8080, containerPort: 80, protocol: "tcp" as const };
    expect(formatPort(port)).toBe("8080→80/tcp");
    expect(describePort(port)).toBe("all interfaces");
    expect(formatPort({ ...port, hostIp: "0.0.0.0" })).toBe("8080→80/tcp");
  });

  it("shows the address of a mapping bound to one", () => {
    const port = {
      hostIp: "127.0.0.1",
      hostPort: 8080,
      containerPort: 80,
      protocol: "tcp" as const,
    };
    expect(formatPort(port)).toBe("127.0.0.1:8080→80/tcp");
    expect(formatPort({ ...port, hostIp: "::1" })).toBe("[::1]:8080→80/tcp");
  });

  it("shows an exposed port alone", () => {
    expect(formatPort({ hostIp: null, hostPort: null, containerPort: 53, protocol: "udp" })).toBe(
      "53/udp",
    );
  });
});

describe("formatBytes and relativeTime", () => {
  it("formats sizes in binary units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(256 * 1024 * 1024)).toBe("256 MiB");
  });

  it("says how long ago", () => {
    const now = new Date("2026-01-01T12:00:00Z");
    const seconds = now.getTime() / 1000;
    expect(relativeTime(seconds - 10, now)).toBe("just now");
    expect(relativeTime(seconds - 3 * 3600, now)).toBe("3 hours ago");
  });
});
