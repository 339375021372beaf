#pragma once

// What the REST face of a server-streaming method derives from each message: its event id
// and whether it is the stream's last (champion.v1.HttpExtras sse_done_field/values).

#include <string>

#include "champion/v1/options.pb.h"
#include "google/protobuf/message.h"

namespace champion::gateway {

//! A fingerprint of the message: the first 16 bytes of the SHA-256 of its deterministic
//! binary form (map entries sorted), as 32 hex digits. Equal messages have equal ids in
//! every gateway process, so a client reconnecting to another instance with Last-Event-ID
//! is recognised; messages that differ in any field differ in id.
std::string EventId(const google::protobuf::Message& message);

//! True when `extras` names a done field and the message's top-level field of that name
//! holds one of the done values (an enum by value name, a string as is).
bool IsLastEvent(const google::protobuf::Message& message, const champion::v1::HttpExtras& extras);

}  // namespace champion::gateway
