/* version.h - the release version, reported by --version and /api/v1/health. */
#ifndef MC_VERSION_H
#define MC_VERSION_H
#define MC_VERSION "0.1.0"
#endif
