# client.py - le client du cours : socket, connect, sendall, recv, close.
# Usage : python3 client.py [PORT [HÔTE]]   (5005 et 127.0.0.1 par défaut)
import socket
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 5005
HOTE = sys.argv[2] if len(sys.argv) > 2 else '127.0.0.1'

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOTE, PORT))
s.sendall(b"MessageVersServeur")
data = s.recv(2048)
print('Reçu', data)
s.close()
