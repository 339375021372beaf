// Points Swagger UI at the document the gateway serves. A file rather than inline code: the
// gateway's Content-Security-Policy (script-src 'self') refuses inline scripts.
window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // "Try it out" sends requests from this page (same origin); the bearer token is entered
  // with "Authorize".
  persistAuthorization: false,
  validatorUrl: null,
})
