// BlockWriter: the writer thread of a streamed upload. Blocks reach the write function whole and
// in the order submitted, memory stays within the buffers given, a failure stops the writing and
// reaches the submitting side, and destruction finishes what was queued.
#include "blobs/block_writer.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace fieldseal::server;
using namespace std::chrono_literals;

namespace {

struct Written {
    std::mutex mutex;
    std::vector<std::pair<std::int64_t, std::string>> blocks;

    BlockWriter::Write recorder() {
        return [this](std::int64_t at, std::string_view bytes) {
            std::lock_guard lock(mutex);
            blocks.emplace_back(at, std::string(bytes));
        };
    }
};

std::vector<char> filled(BlockWriter& writer, const std::string& text) {
    std::vector<char> b = writer.buffer();
    b.insert(b.end(), text.begin(), text.end());
    return b;
}

} // namespace

class TestBlockWriter : public QObject {
    Q_OBJECT
private slots:
    void blocks_arrive_whole_and_in_order() {
        Written written;
        BlockWriter writer(written.recorder(), 16, 3);
        std::int64_t at = 0;
        for (int i = 0; i < 50; ++i) {
            const std::string text = "block-" + std::to_string(i);
            writer.submit(at, filled(writer, text));
            at += static_cast<std::int64_t>(text.size());
        }
        writer.drain();
        QCOMPARE(written.blocks.size(), std::size_t(50));
        std::int64_t expected = 0;
        for (int i = 0; i < 50; ++i) {
            QCOMPARE(written.blocks[i].first, expected);
            QCOMPARE(written.blocks[i].second, "block-" + std::to_string(i));
            expected += static_cast<std::int64_t>(written.blocks[i].second.size());
        }
    }

    void buffers_are_bounded_and_reused() {
        // The write waits until released: with 2 buffers, a third buffer() waits for one back.
        std::atomic<bool> release{false};
        std::atomic<int> writes{0};
        BlockWriter writer(
            [&](std::int64_t, std::string_view) {
                while (!release) std::this_thread::sleep_for(1ms);
                ++writes;
            },
            8, 2);
        writer.submit(0, filled(writer, "a"));
        writer.submit(1, filled(writer, "b"));
        std::atomic<bool> gotThird{false};
        std::thread third([&] {
            auto b = writer.buffer();
            QVERIFY(b.empty());
            QVERIFY(b.capacity() >= 8);
            gotThird = true;
        });
        std::this_thread::sleep_for(50ms);
        QVERIFY(!gotThird); // both buffers are still queued or being written
        release = true;
        third.join();
        QVERIFY(gotThird);
        writer.drain();
        QCOMPARE(writes.load(), 2);
    }

    void a_failure_stops_writing_and_reaches_the_caller() {
        Written written;
        auto record = written.recorder();
        BlockWriter writer(
            [&](std::int64_t at, std::string_view bytes) {
                if (bytes == "bad") throw std::runtime_error("disk full");
                record(at, bytes);
            },
            8, 4);
        writer.submit(0, filled(writer, "ok"));
        writer.submit(2, filled(writer, "bad"));
        writer.submit(5, filled(writer, "late")); // may be queued before the failure is seen
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, writer.drain());
        // Nothing after the failed block is written: it would leave a hole in the file.
        QCOMPARE(written.blocks.size(), std::size_t(1));
        QCOMPARE(written.blocks[0].second, std::string("ok"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, writer.submit(9, std::vector<char>{'x'}));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, writer.buffer());
    }

    void destruction_finishes_the_queued_blocks() {
        Written written;
        {
            BlockWriter writer(
                [&](std::int64_t at, std::string_view bytes) {
                    std::this_thread::sleep_for(2ms);
                    std::lock_guard lock(written.mutex);
                    written.blocks.emplace_back(at, std::string(bytes));
                },
                8, 4);
            for (int i = 0; i < 4; ++i)
                writer.submit(i, filled(writer, std::to_string(i)));
        }
        QCOMPARE(written.blocks.size(), std::size_t(4));
        QCOMPARE(written.blocks[3].second, std::string("3"));
    }

    void a_writer_needs_a_function_and_room() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, BlockWriter({}, 8, 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, BlockWriter([](std::int64_t, std::string_view) {}, 8, 0));
    }
};

QTEST_APPLESS_MAIN(TestBlockWriter)
#include "test_block_writer.moc"
