//! 练习 serve-many 的参考答案。先自己做 examples/serve_many.rs，再来对照。
//!
//! 和 tcp-server 的不同只有一处：从 accept() 到关闭客户端套接字的一段放进了 loop，
//! 一个接一个地服务客户端；某个客户端的消息是 exit 时，照样回复它，然后跳出循环。
//!     cargo run -p tcp-server --example serve_many_solution

use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, ToSocketAddrs};
use std::process::ExitCode;

fn main() -> ExitCode {
    // Python 遇到错误会抛异常、打印一大段 traceback、以状态 1 退出。
    // 这里每一步出错都返回一句说明：打印到 stderr，同样以状态 1 退出。
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            let _ = writeln!(io::stderr(), "tcp-server: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    // AF_INET 表示只用 IPv4。std 没有这个参数，而 localhost 在很多系统上先解析成 IPv6 的 ::1，
    // 所以先自己解析成 IPv4 地址（一般是 127.0.0.1），做法见下面的 ipv4_address。
    let address = ipv4_address("localhost", 8080)?;
    // socket() + bind() + listen(5)：std 把这三步合成一个 TcpListener::bind。
    // 监听队列长度 std 固定为 128，设不成 5；在 Unix 上它还打开 SO_REUSEADDR，所以上一个
    // Rust 服务器留在 TIME_WAIT 状态的连接挡不住它，停了能马上再启动（Python 版留下的就挡得住，
    // 见 scripts/differences.md）。
    let server_socket = TcpListener::bind(address).map_err(|e| {
        // 提示只给它能解释的错误：端口已被占用。别的错误只说系统给的原因。
        let hint = if e.kind() == io::ErrorKind::AddrInUse {
            // concat! 在编译时把两段连成一个字符串，只为让每行代码不超过 100 列。
            concat!(
                "\n提示:可能另一个服务器还在运行;",
                "刚运行过 Python 版服务器的话,是它的连接还在 TIME_WAIT,等一分钟再试"
            )
        } else {
            ""
        };
        format!("绑定 {address} 失败:{e}{hint}")
    })?;
    print("服务器开始监听...")?;
    // 一个接一个地服务客户端：处理完一个，回到 accept() 等下一个。
    loop {
        // accept() 一直等到有客户端连上来，返回这条连接专用的套接字和客户端的地址。
        let (mut client_socket, client_address) = server_socket
            .accept()
            .map_err(|e| format!("在 {address} 上接受连接失败:{e}"))?;
        print(&format!("客户端 {} 已连接", python_tuple(client_address)))?;
        // recv(1024)：只读一次，最多 1024 字节。客户端不发数据就断开时读到 0 字节，也就是空字符串。
        let mut data = [0; 1024];
        let size = client_socket
            .read(&mut data)
            .map_err(|e| format!("从 {client_address} 接收数据失败:{e}"))?;
        let data = decode(&data[..size], client_address)?;
        print(&format!("接收到客户端消息:{data}"))?;
        // send()：write_all 保证每个字节都发出去，不会只发一部分。
        let response = "服务器已收到消息";
        client_socket
            .write_all(response.as_bytes())
            .map_err(|e| format!("向 {client_address} 发送数据失败:{e}"))?;
        // 这个客户端服务完了，关闭它的连接。
        drop(client_socket);
        // 收到 exit 也先回复、关闭连接，然后才跳出循环，不再接受新的客户端。
        if data == "exit" {
            break;
        }
    }
    // close()：Rust 没有单独的 close，套接字被 drop 时自动关闭。
    drop(server_socket);
    Ok(())
}

/// 把主机名解析成一个 IPv4 地址。对系统自带的那几种 hosts 文件，结果和 Python 按 AF_INET
/// 查询的一样；少数特别的配置下会不同，见 scripts/differences.md。
fn ipv4_address(host: &str, port: u16) -> Result<SocketAddr, String> {
    let mut addresses = (host, port)
        .to_socket_addrs()
        .map_err(|e| format!("解析 {host}:{port} 失败:{e}"))?;
    // std 查询时不分地址族。只要 IPv4 时，C 库会把 hosts 文件里的 ::1 当作 127.0.0.1，
    // 把 ::ffff:a.b.c.d 当作 a.b.c.d；这里照样换算，取第一个能换成 IPv4 的地址。
    let ip = addresses
        .find_map(|address| match address.ip() {
            IpAddr::V4(ip) => Some(ip),
            IpAddr::V6(ip) if ip.is_loopback() => Some(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) => ip.to_ipv4_mapped(),
        })
        .ok_or_else(|| format!("解析 {host}:{port} 失败:没有 IPv4 地址"))?;
    Ok(SocketAddr::from((ip, port)))
}

/// Python 的 .decode()：字节必须是合法的 UTF-8，否则出错。
fn decode(bytes: &[u8], peer: SocketAddr) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        format!("解码来自 {peer} 的数据失败:从第 {valid} 个字节起不是合法的 UTF-8")
    })
}

/// Python 的 print()：写一行到标准输出。
/// 不用 println!，因为它在输出管道被关掉时会 panic；这里改为返回错误。
/// 整行连同换行一次写出，和 Python 一样只有一次 write；writeln! 遇到长过 1024 字节的行，
/// 会把换行另写一次。
fn print(line: &str) -> Result<(), String> {
    let line = format!("{line}\n");
    io::stdout()
        .write_all(line.as_bytes())
        .map_err(|e| format!("写标准输出失败:{e}"))
}

/// 照 Python 打印元组的样子显示地址，例如 ('127.0.0.1', 54321)。
fn python_tuple(address: SocketAddr) -> String {
    format!("('{}', {})", address.ip(), address.port())
}
