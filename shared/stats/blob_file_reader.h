#pragma once
// blobFileReader: the BlobText of the overview (overview_stats.h) over blob files on disk, for
// both stores that have them: a device's evidence folder (`fieldseal stats overview`) and the
// server's DATA/blobs (/v1/stats/overview). Only a SHA-256 in lower-case hex is looked up, so a
// name from the store never walks out of the folder; a file over 4 MiB is not a certificate-check
// report (those are small JSON files) and is not read.

#include "stats/overview_stats.h"

#include <filesystem>
#include <functional>
#include <string>

namespace fieldseal::stats {

// `pathOf(sha256)`: where that blob's complete file would be.
BlobText blobFileReader(std::function<std::filesystem::path(const std::string& sha256)> pathOf);

} // namespace fieldseal::stats
