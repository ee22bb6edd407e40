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
        .package(url: "https://github.com/JohnSundell/Plot", exact: "0.14.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
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
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: [.define("SQLITE_ENABLE_FTS5")]
        ),
        // HTML reports (Plot escapes and nests; no string-built markup), kept out of
        // HotlineCore so the console does not link it.
        .target(
            name: "HotlineReportHTML",
            dependencies: ["HotlineCore", .product(name: "Plot", package: "Plot")]
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
                "DeskUI",
                "HotlineReportHTML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "HotlineCoreTests",
            dependencies: ["HotlineCore", "HotlineReportHTML", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "DeskUITests",
            dependencies: ["DeskUI", "HotlineCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
