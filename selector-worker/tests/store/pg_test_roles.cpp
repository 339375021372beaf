#include "pg_test_roles.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "store/pg_connection.h"

extern char** environ;

namespace champion::test {
namespace {

std::string RandomHex() {
  std::random_device random;
  return absl::StrFormat("%08x%08x%08x%08x", random(), random(), random(), random());
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TestRoles TestRoles::Named(const std::string& prefix) {
  return {.owner = prefix + "_owner",
          .owner_password = RandomHex(),
          .app = prefix + "_app",
          .app_password = RandomHex()};
}

absl::Status ProvisionRoles(const std::string& conninfo, const TestRoles& roles) {
  // The passwords go into psql's environment, as deployment passes them.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  env_strings.push_back("CHAMPION_DB_OWNER_PASSWORD=" + roles.owner_password);
  env_strings.push_back("CHAMPION_DB_APP_PASSWORD=" + roles.app_password);
  std::vector<char*> envp;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  std::vector<std::string> args = {"psql",
                                   "-X",
                                   "-q",
                                   "-v",
                                   "ON_ERROR_STOP=1",
                                   "-v",
                                   "owner=" + roles.owner,
                                   "-v",
                                   "app=" + roles.app,
                                   "-d",
                                   conninfo,
                                   "-f",
                                   RolesScript()};
  std::vector<char*> argv;
  for (std::string& s : args) argv.push_back(s.data());
  argv.push_back(nullptr);

  char output_path[] = "/tmp/champion-roles-XXXXXX";
  const int output = mkstemp(output_path);
  if (output < 0) return absl::InternalError("mkstemp failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, output, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, output, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "psql", &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(output);
  int wait_status = 0;
  if (spawned == 0) waitpid(pid, &wait_status, 0);
  const std::string psql_output = ReadAll(output_path);
  std::remove(output_path);
  if (spawned != 0)
    return absl::InternalError("cannot start psql (is postgresql-client installed?)");
  if (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0) {
    return absl::InternalError(absl::StrCat("db/roles.sql failed: ", psql_output));
  }
  return absl::OkStatus();
}

void DropRoles(const std::string& admin_conninfo, const TestRoles& roles) {
  auto admin = store::OpenSession(admin_conninfo);
  if (!admin.ok()) return;
  for (const std::string* role : {&roles.owner, &roles.app}) {
    try {
      // Names come from TestRoles::Named (letters, digits, underscores), never user input.
      **admin << "DROP ROLE IF EXISTS " << *role;
    } catch (const soci::soci_error&) {
      // Best effort, see the header.
    }
  }
}

}  // namespace champion::test
