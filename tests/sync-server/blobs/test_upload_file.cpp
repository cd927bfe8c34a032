// UploadFile: a PATCH's bytes land at their offsets whichever way they go (straight to the disk
// or through the page cache): whole blocks, an upload resuming mid-page, a ragged last block; the
// body's room is reserved up front and cut back when a PATCH ends early; every write's tag comes
// back from reap().
#include "blobs/upload_file.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

using namespace fieldseal;
using namespace fieldseal::server;

namespace {

constexpr std::size_t kBlock = 64u << 10;
constexpr std::size_t kDepth = 4;
const std::string kSha(64, 'a');

std::string randomBytes(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::string s(n, '\0');
    for (auto& c : s)
        c = static_cast<char>(rng());
    return s;
}

std::string readAll(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::int64_t sizeOf(const std::filesystem::path& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_size) : -1;
}

// Whether this filesystem takes O_DIRECT at all (tmpfs before Linux 6.6 does not).
bool directPossible(const std::filesystem::path& dir) {
    const auto probe = dir / "direct-probe";
    UniqueFd fd(::open(probe.c_str(), O_WRONLY | O_CREAT | O_DIRECT | O_CLOEXEC, 0600));
    std::filesystem::remove(probe);
    return fd.valid();
}

// Writes `bytes` (file offsets [from, from + size)) as the stream does: blocks that end on block
// boundaries, at most kDepth in flight, each block's memory kept until its tag comes back.
void writeLikeAStream(UploadFile& file, std::int64_t from, const std::string& bytes) {
    std::vector<AlignedBlock> blocks;
    for (std::size_t i = 0; i < kDepth; ++i)
        blocks.emplace_back(kBlock);
    std::vector<std::size_t> free = {0, 1, 2, 3};
    std::vector<std::size_t> done;
    std::size_t at = 0;
    while (at < bytes.size()) {
        if (free.empty()) {
            done.clear();
            file.reap(true, done);
            QVERIFY(!done.empty());
            free.insert(free.end(), done.begin(), done.end());
            continue;
        }
        const std::size_t tag = free.back();
        free.pop_back();
        blocks[tag].reset(from + static_cast<std::int64_t>(at));
        at += blocks[tag].append(std::string_view(bytes).substr(at));
        file.write(blocks[tag], tag);
    }
    while (free.size() < kDepth) {
        done.clear();
        file.reap(true, done);
        free.insert(free.end(), done.begin(), done.end());
    }
    std::sort(free.begin(), free.end());
    QCOMPARE(free, (std::vector<std::size_t>{0, 1, 2, 3})); // every tag came back once
}

} // namespace

class TestUploadFile : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<BlobFiles> m_files;

private slots:
    void init() {
        QVERIFY(m_dir.isValid());
        auto files = BlobFiles::open(std::filesystem::path(m_dir.path().toStdString()) / "blobs");
        QVERIFY(files.ok());
        m_files.emplace(std::move(*files));
        m_files->createPartial(kSha);
    }

    void a_whole_body_lands_in_place() {
        const std::string bytes = randomBytes(10 * kBlock + 1234, 1); // a ragged last block
        {
            UploadFile file(*m_files, kSha, 0, static_cast<std::int64_t>(bytes.size()), {kDepth, false, 0});
            if (directPossible(m_files->directory())) QVERIFY(file.direct());
            writeLikeAStream(file, 0, bytes);
        }
        QCOMPARE(readAll(m_files->partialPath(kSha)), bytes);
    }

    void a_resumed_upload_mid_page_lands_in_place() {
        // The first PATCH cut off at an odd offset; the second goes on from there.
        const std::string bytes = randomBytes(5 * kBlock + 77, 2);
        const std::int64_t cut = 3 * 4096 + 100;
        {
            UploadFile first(*m_files, kSha, 0, static_cast<std::int64_t>(bytes.size()), {kDepth, false, 0});
            writeLikeAStream(first, 0, bytes.substr(0, static_cast<std::size_t>(cut)));
            first.cutReservedRoom(cut);
        }
        QCOMPARE(sizeOf(m_files->partialPath(kSha)), cut);
        {
            UploadFile second(*m_files, kSha, cut, static_cast<std::int64_t>(bytes.size()), {kDepth, false, 0});
            writeLikeAStream(second, cut, bytes.substr(static_cast<std::size_t>(cut)));
        }
        QCOMPARE(readAll(m_files->partialPath(kSha)), bytes);
    }

    void the_room_of_a_body_is_reserved_and_cut_back() {
        const std::int64_t declared = 8 * kBlock;
        UploadFile file(*m_files, kSha, 0, declared, {kDepth, false, 0});
        if (file.direct()) QCOMPARE(sizeOf(m_files->partialPath(kSha)), declared);
        const std::string part = randomBytes(2 * kBlock + 5, 3);
        writeLikeAStream(file, 0, part);
        file.cutReservedRoom(static_cast<std::int64_t>(part.size())); // the client went away
        QCOMPARE(readAll(m_files->partialPath(kSha)), part);
    }

    void without_a_declared_length_or_with_syncs_it_goes_through_the_page_cache() {
        const std::string bytes = randomBytes(3 * kBlock + 9, 4);
        {
            UploadFile file(*m_files, kSha, 0, -1, {kDepth, false, 0});
            QVERIFY(!file.direct());
            writeLikeAStream(file, 0, bytes);
        }
        QCOMPARE(readAll(m_files->partialPath(kSha)), bytes);
        m_files->createPartial(kSha);
        {
            UploadFile file(*m_files, kSha, 0, static_cast<std::int64_t>(bytes.size()), {kDepth, true, 0});
            QVERIFY(!file.direct());
            writeLikeAStream(file, 0, bytes);
        }
        QCOMPARE(readAll(m_files->partialPath(kSha)), bytes);
    }

    void a_short_body_goes_through_the_page_cache() {
        const std::string bytes = randomBytes(2 * kBlock, 5);
        {
            UploadFile file(*m_files, kSha, 0, static_cast<std::int64_t>(bytes.size()),
                            {kDepth, false, static_cast<std::int64_t>(bytes.size()) + 1});
            QVERIFY(!file.direct());
            writeLikeAStream(file, 0, bytes);
        }
        QCOMPARE(readAll(m_files->partialPath(kSha)), bytes);
    }

    void tags_beyond_the_depth_are_refused() {
        UploadFile file(*m_files, kSha, 0, kBlock, {kDepth, false, 0});
        AlignedBlock block(kBlock);
        block.reset(0);
        block.append("x");
        QVERIFY_THROWS_EXCEPTION(std::logic_error, file.write(block, kDepth));
    }
};

QTEST_APPLESS_MAIN(TestUploadFile)
#include "test_upload_file.moc"
