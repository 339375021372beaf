// Applies the saved theme before the first paint (no flash of the wrong theme). A classic
// script file rather than inline code: the gateway's Content-Security-Policy (script-src
// 'self') refuses inline scripts.
try {
  var t = localStorage.getItem('champion-theme')
  if (t === 'dark' || (!t && matchMedia('(prefers-color-scheme: dark)').matches))
    document.documentElement.classList.add('dark')
} catch (e) {}
