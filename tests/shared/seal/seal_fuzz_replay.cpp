// Runs a libFuzzer target without libFuzzer (any compiler): every file of the given seed corpus
// folders, then the target's generated seeds, each also truncated and with bytes flipped.
// `--write-seeds DIR` stores the generated seeds for a real fuzzing run.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
std::vector<std::string> fieldsealFuzzSeeds();

namespace {

std::size_t runs = 0;

void run(const std::string& input) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
    ++runs;
}

void runWithMutations(const std::string& input) {
    run(input);
    for (std::size_t cut = 0; cut < input.size(); cut += 1 + input.size() / 16)
        run(input.substr(0, cut));
    for (std::size_t i = 0; i < input.size(); i += 1 + input.size() / 64) {
        std::string copy = input;
        copy[i] = static_cast<char>(copy[i] ^ 0x5a);
        run(copy);
    }
}

} // namespace

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    std::size_t files = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--write-seeds" && i + 1 < argc) {
            const fs::path dir = argv[++i];
            fs::create_directories(dir);
            int n = 0;
            for (const auto& seed : fieldsealFuzzSeeds())
                std::ofstream(dir / ("generated-" + std::to_string(n++))) << seed;
            continue;
        }
        for (const auto& entry : fs::recursive_directory_iterator(arg)) {
            if (!entry.is_regular_file()) continue;
            std::ifstream f(entry.path(), std::ios::binary);
            std::ostringstream s;
            s << f.rdbuf();
            runWithMutations(s.str());
            ++files;
        }
    }
    for (const auto& seed : fieldsealFuzzSeeds())
        runWithMutations(seed);
    std::cout << "replayed " << files << " corpus files, " << runs << " inputs, no crash\n";
    return files > 0 ? 0 : 1; // an empty corpus means a wrong path, not success
}
