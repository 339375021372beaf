#include "http/static_files.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace champion::gateway {
namespace {

namespace fs = std::filesystem;

// A throwaway dist/ with index.html, a hashed asset and a secret next to (outside) it.
struct Dist {
  Dist() {
    std::string tmpl = (fs::temp_directory_path() / "gw-static-XXXXXX").string();
    base = mkdtemp(tmpl.data());
    root = base / "dist";
    fs::create_directories(root / "assets");
    Write(root / "index.html", "<html>app</html>");
    Write(root / "assets" / "index-3f2a.js", "console.log(1)");
    Write(root / "favicon.svg", "<svg/>");
    Write(base / "secret.txt", "secret");
    fs::create_symlink(base / "secret.txt", root / "link.txt");
  }
  ~Dist() { fs::remove_all(base); }
  static void Write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
  fs::path base;
  fs::path root;
};

HttpRequest Get(std::string path, std::string accept = "*/*") {
  HttpRequest request;
  request.method = "GET";
  request.path = std::move(path);
  request.headers.push_back({"Accept", std::move(accept)});
  return request;
}

}  // namespace

TEST_CASE("Static files have content types and cache headers", "[unit][static]") {
  Dist dist;
  StaticFiles files(dist.root);
  REQUIRE(files.enabled());
  auto asset = files.Serve(Get("/assets/index-3f2a.js"));
  REQUIRE(asset.has_value());
  CHECK(asset->body == "console.log(1)");
  CHECK(asset->Header("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(asset->Header("Cache-Control") == "public, max-age=31536000, immutable");
  auto index = files.Serve(Get("/"));
  REQUIRE(index.has_value());
  CHECK(index->body == "<html>app</html>");
  CHECK(index->Header("Cache-Control") == "no-cache");
  CHECK(files.Serve(Get("/favicon.svg"))->Header("Content-Type") == "image/svg+xml");
  CHECK(ContentTypeFor("x.woff2") == "font/woff2");
  // A directory is its index.html (the API reference page at /docs).
  fs::create_directories(dist.root / "docs");
  Dist::Write(dist.root / "docs" / "index.html", "<html>docs</html>");
  auto docs = files.Serve(Get("/docs"));
  REQUIRE(docs.has_value());
  CHECK(docs->body == "<html>docs</html>");
  CHECK(docs->Header("Content-Type") == files.Serve(Get("/"))->Header("Content-Type"));
  CHECK(ContentTypeFor("x.unknown") == "application/octet-stream");
}

TEST_CASE("Client routes fall back to index.html for HTML clients only", "[unit][static]") {
  Dist dist;
  StaticFiles files(dist.root);
  auto route = files.Serve(Get("/runs/abc", "text/html,application/xhtml+xml"));
  REQUIRE(route.has_value());
  CHECK(route->body == "<html>app</html>");
  CHECK(route->Header("Cache-Control") == "no-cache");
  CHECK_FALSE(files.Serve(Get("/runs/abc", "application/json")).has_value());
  HttpRequest post = Get("/runs/abc", "text/html");
  post.method = "POST";
  CHECK_FALSE(files.Serve(post).has_value());
}

TEST_CASE("Static files never leave the root", "[unit][static]") {
  Dist dist;
  StaticFiles files(dist.root);
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                           "/..%2fsecret.txt", "/a\\..\\secret.txt"}) {
    INFO(path);
    CHECK_FALSE(files.Serve(Get(path, "text/html")).has_value());
  }
  // A symlink out of the root is not followed: an HTML client gets the app instead.
  CHECK_FALSE(files.Serve(Get("/link.txt", "*/*")).has_value());
  CHECK(files.Serve(Get("/link.txt", "text/html"))->body == "<html>app</html>");
}

TEST_CASE("A missing static dir disables static serving", "[unit][static]") {
  StaticFiles files("/nonexistent/dist");
  CHECK_FALSE(files.enabled());
  CHECK_FALSE(files.Serve(Get("/", "text/html")).has_value());
}

}  // namespace champion::gateway
