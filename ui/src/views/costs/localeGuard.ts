/**
 * uPlot builds a number format from `navigator.language` as it loads, which throws when the
 * webview reports a tag Intl refuses (WebKitGTK says `C` under the C locale). Imported before
 * uPlot, this stands in a valid tag for such a one; nothing could have used the bad one anyway.
 */
try {
  new Intl.NumberFormat(navigator.language);
} catch {
  Object.defineProperty(navigator, "language", { value: "en-US", configurable: true });
}

export {};
