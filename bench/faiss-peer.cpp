// faiss-peer.cpp: FAISS IndexFlatIP on the data that bench/search writes, for comparison only.
// Built by bench/search itself (g++ -O3 -fopenmp ... -lfaiss -lopenblas) outside the project build;
// the project never links FAISS.  Same timing loop as shared/tools/peer-bench/faiss_flat.cpp.
//
//   faiss-peer DATA.bin TOP1.out    DATA: int32 n, int32 nq, n*128 floats, nq*128 floats
//   prints: p50_us p99_us   and writes the top-1 id of every query (int64) to TOP1.out
#include <faiss/IndexFlat.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

int main(int argc, char **argv) {
  const int d = 128, k = 5;
  if (argc != 3) { fprintf(stderr, "usage: faiss-peer DATA TOP1\n"); return 2; }
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 1; }
  int n = 0, nq = 0;
  if (fread(&n, 4, 1, f) != 1 || fread(&nq, 4, 1, f) != 1 || n <= 0 || nq <= 0) return 1;
  std::vector<float> xb((size_t)n * d), xq((size_t)nq * d);
  if (fread(xb.data(), 4, xb.size(), f) != xb.size() || fread(xq.data(), 4, xq.size(), f) != xq.size()) return 1;
  fclose(f);
  faiss::IndexFlatIP index(d);
  index.add(n, xb.data());
  std::vector<float> D(k);
  std::vector<faiss::Index::idx_t> I(k);
  std::vector<double> lat;
  std::vector<long long> top1(nq);
  index.search(1, &xq[0], k, D.data(), I.data());  // warm-up
  for (int q = 0; q < nq; q++) {
    auto a = std::chrono::steady_clock::now();
    index.search(1, &xq[(size_t)q * d], k, D.data(), I.data());
    auto b = std::chrono::steady_clock::now();
    lat.push_back(std::chrono::duration<double, std::micro>(b - a).count());
    top1[q] = I[0];
  }
  std::sort(lat.begin(), lat.end());
  FILE *o = fopen(argv[2], "wb");
  if (!o || fwrite(top1.data(), 8, nq, o) != (size_t)nq) return 1;
  fclose(o);
  printf("%.1f %.1f\n", lat[lat.size() / 2], lat[lat.size() * 99 / 100]);
  return 0;
}
