//! 练习 whole-message 的服务器一半的参考答案。先自己做 examples/long_message_server.rs，
//! 再来对照。
//!
//! 和起点的不同：一直读到 read 返回 0 字节（客户端发完了，关闭了它发送的一方），打印一共收到的
//! 字节数，把收到的全部原样发回去，再关闭连接；客户端读到 0 字节，就知道回复也完整了。
//!     cargo run -p tcp-server --example long_message_server_solution      （第一个终端）
//!     cargo run -p tcp-client --example long_message_client_solution      （第二个终端）

use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
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
    // accept() 一直等到有客户端连上来，返回这条连接专用的套接字和客户端的地址。
    let (mut client_socket, client_address) = server_socket
        .accept()
        .map_err(|e| format!("在 {address} 上接受连接失败:{e}"))?;
    print(&format!("客户端 {} 已连接", python_tuple(client_address)))?;
    // TCP 是字节流，不分“条”：一条消息可能分好几次到达。一直读，直到客户端发完。
    let data = receive_all(&mut client_socket, client_address)?;
    print(&format!("接收到客户端消息:{} 字节", data.len()))?;
    // send()：把收到的全部原样发回去。write_all 保证每个字节都发出去，不会只发一部分。
    client_socket
        .write_all(&data)
        .map_err(|e| format!("向 {client_address} 发送数据失败:{e}"))?;
    // close()：关闭连接，客户端读到 0 字节，就知道回复发完了。
    drop(client_socket);
    drop(server_socket);
    Ok(())
}

/// 一直 recv(1024)，把读到的接在一起，直到读到 0 字节：对方关闭了它发送的一方，不会再有数据。
/// （std 的 read_to_end 做的也是这件事。）
fn receive_all(socket: &mut TcpStream, peer: SocketAddr) -> Result<Vec<u8>, String> {
    let mut data = Vec::new();
    let mut buffer = [0; 1024];
    loop {
        let size = socket
            .read(&mut buffer)
            .map_err(|e| format!("从 {peer} 接收数据失败:{e}"))?;
        if size == 0 {
            return Ok(data);
        }
        data.extend_from_slice(&buffer[..size]);
    }
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
