// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Hotline",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "desk", targets: ["desk"]),
        .executable(name: "hotline", targets: ["hotline"]),
        .library(name: "HotlineCore", targets: ["HotlineCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CNCursesW",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(
            name: "HotlineCore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: [.define("SQLITE_ENABLE_FTS5")]
        ),
        .target(
            name: "DeskUI",
            dependencies: ["HotlineCore"]
        ),
        .executableTarget(
            name: "desk",
            dependencies: ["DeskUI", "CNCursesW"]
        ),
        .executableTarget(
            name: "hotline",
            dependencies: [
                "HotlineCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "HotlineCoreTests",
            dependencies: ["HotlineCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "DeskUITests",
            dependencies: ["DeskUI"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
